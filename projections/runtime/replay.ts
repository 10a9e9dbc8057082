/**
 * `replay`: a read model as it was at a global position (inclusive) or at a time (the events
 * recorded at or before it), built into a scratch namespace beside the live models.
 */
import type { Projection } from '../projection.js';
import type { EventStore, StoredEvent } from '../../stores/events/port.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { newScratchId, scratchNamespace, scratchPrefix, type Namespace } from './namespace.js';
import { runProjection, type RunOptions } from './runner.js';

export interface ReplayOptions extends Pick<RunOptions, 'batchSize' | 'onBatch' | 'logger' | 'onPoison'> {
  events: EventStore;
  reads: ReadStore;
  /** A global position (inclusive), or a time: events with `recorded_at <= until`. */
  until: number | Date;
  /** The scratch build's id (default: a new one). */
  id?: string;
}

export interface ReplayResult {
  id: string;
  /** Prefix of every scratch collection of this build: `scratch_<id>__`. */
  namespace: string;
  /** Last position read. */
  position: number;
  /** Events projected (for a time: those recorded at or before it). */
  events: number;
  collections: Array<{ collection: string; physical: string; count: number }>;
  dead_letters: number;
}

/** The projection restricted to events recorded at or before `until`. */
function asOf(projection: Projection, until: Date, counted: () => void): Projection {
  const limit = until.getTime();
  return {
    name: projection.name,
    version: projection.version,
    collections: projection.collections,
    project: (event: StoredEvent) => {
      if (Date.parse(event.recorded_at) > limit) return [];
      counted();
      return projection.project(event);
    },
  };
}

export async function buildScratch(
  projection: Projection,
  namespace: Namespace,
  options: Omit<ReplayOptions, 'id'>,
): Promise<{ position: number; events: number; dead_letters: number }> {
  const { events, reads, until, ...run } = options;
  let applied = 0;
  let deadLetters = 0;
  const upTo = typeof until === 'number' ? until : await events.headPosition();
  const scoped = typeof until === 'number' ? projection : asOf(projection, until, () => (applied += 1));
  for (const [logical, { indexes }] of Object.entries(projection.collections)) {
    await reads.ensureIndexes(namespace.collections.get(logical)!, indexes);
  }
  const end = await runProjection(
    { events, reads },
    { projection: scoped, namespace },
    { kind: 'until', position: upTo },
    {
      ...run,
      onBatch: (progress) => {
        if (typeof until === 'number') applied += progress.events;
        deadLetters += progress.dead_letters.length;
        run.onBatch?.(progress);
      },
    },
  ).done;
  await reads.deleteCheckpoint(namespace.checkpoint);
  if (end.state === 'failed') throw end.error;
  return { position: end.position, events: applied, dead_letters: deadLetters };
}

export async function replay(projection: Projection, options: ReplayOptions): Promise<ReplayResult> {
  const id = options.id ?? newScratchId();
  const namespace = scratchNamespace(projection, id);
  let built: Awaited<ReturnType<typeof buildScratch>>;
  try {
    built = await buildScratch(projection, namespace, options);
  } catch (error) {
    await dropScratch(options.reads, id);
    throw error;
  }
  const collections = [];
  for (const [collection, physical] of namespace.collections) {
    collections.push({ collection, physical, count: await options.reads.count(physical) });
  }
  return { id, namespace: scratchPrefix(id), ...built, collections };
}

/** Drops every collection and checkpoint of a scratch build. */
export async function dropScratch(reads: ReadStore, id: string): Promise<void> {
  for (const collection of await reads.listCollections(scratchPrefix(id))) await reads.dropCollection(collection);
  for (const { name } of await reads.checkpoints()) {
    if (name.startsWith(`scratch_${id}@`)) await reads.deleteCheckpoint(name);
  }
}
