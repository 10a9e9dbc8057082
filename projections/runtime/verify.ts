/**
 * `verify`: rebuilds each projection into scratch up to exactly the live checkpoint, and compares
 * the content hash of every scratch collection with the live one. A mismatch means the live read
 * model is not what its projection makes of the log (a bug, a lost write, a hand edit).
 */
import type { Projection } from '../projection.js';
import type { EventStore } from '../../stores/events/port.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { contentHash, type ContentHash } from './content-hash.js';
import { liveCheckpoint, liveNamespace, newScratchId, scratchNamespace } from './namespace.js';
import { versionsByName } from './projector.js';
import { readProjectionRecord } from './projection-record.js';
import { buildScratch, dropScratch } from './replay.js';
import type { RunOptions } from './runner.js';

export interface VerifyOptions extends Pick<RunOptions, 'batchSize' | 'onBatch' | 'logger'> {
  events: EventStore;
  reads: ReadStore;
  /** Before each projection's scratch build, with the position it rebuilds to. */
  onProjection?: (projection: { name: string; version: number; position: number }) => void;
}

export interface CollectionVerdict {
  projection: string;
  version: number;
  collection: string;
  /** Checkpoint position both sides are compared at. */
  position: number;
  live: { collection: string } & ContentHash;
  scratch: { collection: string } & ContentHash;
  match: boolean;
}

export interface VerifyReport {
  ok: boolean;
  collections: CollectionVerdict[];
  /** Projections that could not be compared, and why. */
  skipped: Array<{ projection: string; reason: string }>;
}

const SNAPSHOT_ATTEMPTS = 10;

/** Hashes the live collections at one checkpoint: retried while a running projector moves it. */
async function liveSnapshot(
  reads: ReadStore,
  collections: ReadonlyMap<string, string>,
  checkpoint: string,
): Promise<{ position: number; hashes: Map<string, ContentHash> } | null> {
  for (let attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt += 1) {
    const before = await reads.checkpoint(checkpoint);
    const hashes = new Map<string, ContentHash>();
    for (const [logical, physical] of collections) hashes.set(logical, await contentHash(reads, physical));
    if ((await reads.checkpoint(checkpoint)) === before) return { position: before, hashes };
  }
  return null;
}

export async function verify(projections: readonly Projection[], options: VerifyOptions): Promise<VerifyReport> {
  const { events, reads, onProjection, ...run } = options;
  const report: VerifyReport = { ok: true, collections: [], skipped: [] };
  for (const versions of versionsByName(projections)) {
    const name = versions[0]!.name;
    const entry = await readProjectionRecord(reads, name);
    const version = entry?.active_version ?? versions[versions.length - 1]!.version;
    const projection = versions.find((candidate) => candidate.version === version);
    if (!projection) {
      report.skipped.push({ projection: name, reason: `v${version} serves reads, but its code is not registered` });
      continue;
    }
    const live = liveNamespace(projection);
    const snapshot = await liveSnapshot(reads, live.collections, liveCheckpoint(name, version));
    if (!snapshot) {
      report.skipped.push({ projection: name, reason: 'the live model kept moving; retry, or stop the projector' });
      continue;
    }
    onProjection?.({ name, version, position: snapshot.position });
    const id = newScratchId();
    const scratch = scratchNamespace(projection, id);
    try {
      // Dead-lettering in scratch skips what the live run skipped, so both sides stay comparable.
      await buildScratch(projection, scratch, {
        ...run,
        events,
        reads,
        until: snapshot.position,
        onPoison: 'dead-letter',
      });
      for (const [logical, physical] of scratch.collections) {
        const liveHash = snapshot.hashes.get(logical)!;
        const scratchHash = await contentHash(reads, physical);
        const match = liveHash.hash === scratchHash.hash;
        report.ok &&= match;
        report.collections.push({
          projection: name,
          version,
          collection: logical,
          position: snapshot.position,
          live: { collection: live.collections.get(logical)!, ...liveHash },
          scratch: { collection: physical, ...scratchHash },
          match,
        });
      }
    } finally {
      await dropScratch(reads, id);
    }
  }
  report.ok &&= report.skipped.length === 0;
  return report;
}
