/**
 * `rebuild`: drops the live collections and checkpoint of the active version and projects the
 * code's version from zero, up to the head of the log as it is when the rebuild starts.
 *
 * Run it with the projector stopped: readers see the model fill up again from empty. To rebuild
 * without a gap, bump the projection's version instead (blue/green).
 */
import type { Projection } from '../projection.js';
import type { EventStore } from '../../stores/events/port.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { dropVersion, readProjectionRecord, writeProjectionRecord } from './projection-record.js';
import { commitBatch, type CommitContext } from './commit.js';
import { silentLogger } from './logger.js';
import { liveCheckpoint, liveNamespace, type Namespace } from './namespace.js';
import { PoisonEventError } from './poison.js';
import { DEFAULT_BATCH_SIZE, runProjection, type RunOptions } from './runner.js';

export interface RebuildOptions extends Pick<RunOptions, 'batchSize' | 'onBatch' | 'logger' | 'onPoison'> {
  events: EventStore;
  reads: ReadStore;
}

/**
 * Drops every stored version of the projection and prepares the code's version, empty, to be
 * built; its indexes now, or (`indexes: false`) by the caller once the collections are filled.
 */
async function reset(projection: Projection, reads: ReadStore, { indexes: now = true } = {}): Promise<Namespace> {
  const { name, version } = projection;
  const namespace = liveNamespace(projection);
  const entry = await readProjectionRecord(reads, name);
  if (entry?.active_version != null) {
    await dropVersion(reads, entry.active_collections, liveCheckpoint(name, entry.active_version));
  }
  if (entry?.retired_version != null) {
    await dropVersion(reads, entry.retired_collections ?? [], liveCheckpoint(name, entry.retired_version));
  }
  if (entry?.building_version != null) {
    await dropVersion(reads, entry.building_collections ?? [], liveCheckpoint(name, entry.building_version));
  }
  const collections = [...namespace.collections.values()];
  await dropVersion(reads, collections, namespace.checkpoint);
  if (now) await ensureIndexes(projection, namespace, reads);
  await writeProjectionRecord(reads, name, {
    $set: { active_version: version, active_collections: collections, status: 'running' },
    $unset: { building_version: '', building_collections: '', retired_version: '', retired_collections: '', error: '' },
  });
  return namespace;
}

async function ensureIndexes(projection: Projection, namespace: Namespace, reads: ReadStore): Promise<void> {
  for (const [logical, { indexes }] of Object.entries(projection.collections)) {
    await reads.ensureIndexes(namespace.collections.get(logical)!, indexes);
  }
}

async function markFailed(reads: ReadStore, name: string, error: Error): Promise<void> {
  const poison = error instanceof PoisonEventError ? error.report : undefined;
  await writeProjectionRecord(reads, name, {
    $set: { status: 'failed', error: poison ? { ...poison } : error.message },
  });
}

export async function rebuild(
  projection: Projection,
  options: RebuildOptions,
): Promise<{ position: number; events: number }> {
  const { events, reads, ...run } = options;
  const namespace = await reset(projection, reads);
  const head = await events.headPosition();
  let applied = 0;
  const end = await runProjection(
    { events, reads },
    { projection, namespace },
    { kind: 'until', position: head },
    {
      ...run,
      onBatch: (progress) => {
        applied += progress.events;
        run.onBatch?.(progress);
      },
    },
  ).done;
  if (end.state === 'failed') {
    await markFailed(reads, projection.name, end.error);
    throw end.error;
  }
  return { position: end.position, events: applied };
}

/**
 * Rebuilds several projections in one pass over the log: each page is read (and parsed) once and
 * committed to every projection in turn, each with its own checkpoint, so a crash leaves every
 * one of them consistent and `npm start` resumes each from where it stopped. With N projections
 * this reads the log once instead of N times. The first failure marks its projection failed and
 * ends the rebuild.
 *
 * Indexes are built once the collections are filled (a bulk build is cheaper than keeping them up
 * to date row by row); the projections write by `_id`, which needs none. Interrupted, the
 * projector builds them when it starts (serving.ts).
 */
export async function rebuildAll(
  projections: readonly Projection[],
  options: RebuildOptions,
): Promise<{ position: number; events: number }> {
  const {
    events,
    reads,
    batchSize = DEFAULT_BATCH_SIZE.until,
    onBatch,
    onPoison = 'stop',
    logger = silentLogger,
  } = options;
  const targets: { context: CommitContext; events: number }[] = [];
  for (const projection of projections) {
    targets.push({
      context: { reads, projection, namespace: await reset(projection, reads, { indexes: false }), onPoison, logger },
      events: 0,
    });
  }
  const head = await events.headPosition();
  let position = 0;
  let read = 0;
  for await (const page of events.scan({ after: 0, upTo: head, pageSize: batchSize })) {
    for (const target of targets) {
      let committed;
      try {
        committed = await commitBatch(target.context, page);
      } catch (thrown) {
        const error = thrown instanceof Error ? thrown : new Error(String(thrown));
        await markFailed(reads, target.context.projection.name, error);
        throw error;
      }
      target.events += committed.events;
      onBatch?.({
        ...committed,
        projection: target.context.projection.name,
        version: target.context.projection.version,
        total_events: target.events,
      });
    }
    position = page[page.length - 1]!.position;
    read += page.length;
    // Let timers and I/O run between pages (progress bars, signals).
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const { context } of targets) await ensureIndexes(context.projection, context.namespace, reads);
  return { position, events: read };
}
