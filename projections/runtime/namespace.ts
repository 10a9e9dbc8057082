/**
 * Where a projection's documents physically live. A projection only names its logical
 * collections; the runtime maps them onto:
 * - live models: `<logical>__v<version>`, checkpoint `<projection>@v<version>` (blue/green: two
 *   versions of one projection never share a collection);
 * - scratch models (replay, verify): `scratch_<id>__<logical>`, checkpoint `scratch_<id>@<projection>`.
 */
import type { Projection } from '../projection.js';

export interface Namespace {
  /** Logical collection name → physical name. */
  readonly collections: ReadonlyMap<string, string>;
  readonly checkpoint: string;
  /** Where skipped poison events are recorded (`onPoison: 'dead-letter'`). */
  readonly deadLetters: string;
}

const DEAD_LETTERS = '_dead_letters';

export function liveCollection(logical: string, version: number): string {
  return `${logical}__v${version}`;
}

export function liveCheckpoint(projection: string, version: number): string {
  return `${projection}@v${version}`;
}

export function liveNamespace(projection: Pick<Projection, 'name' | 'version' | 'collections'>): Namespace {
  const { name, version } = projection;
  return {
    collections: new Map(
      Object.keys(projection.collections).map((logical) => [logical, liveCollection(logical, version)]),
    ),
    checkpoint: liveCheckpoint(name, version),
    deadLetters: DEAD_LETTERS,
  };
}

/** Prefix shared by every collection of one scratch build. */
export function scratchPrefix(id: string): string {
  return `scratch_${id}__`;
}

export function scratchNamespace(projection: Pick<Projection, 'name' | 'collections'>, id: string): Namespace {
  const prefix = scratchPrefix(id);
  return {
    collections: new Map(Object.keys(projection.collections).map((logical) => [logical, `${prefix}${logical}`])),
    checkpoint: `scratch_${id}@${projection.name}`,
    deadLetters: `${prefix}${DEAD_LETTERS}`,
  };
}

/** A short id for a scratch build: time-ordered, lowercase, safe in collection names. */
export function newScratchId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
