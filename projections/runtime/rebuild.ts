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
import { liveCheckpoint, liveNamespace } from './namespace.js';
import { dropVersion, readEntry, writeEntry } from './registry-entry.js';
import { runProjection, type RunOptions } from './runner.js';

export interface RebuildOptions extends Pick<RunOptions, 'batchSize' | 'onBatch' | 'logger' | 'onPoison'> {
  events: EventStore;
  reads: ReadStore;
}

export async function rebuild(projection: Projection, options: RebuildOptions): Promise<{ position: number; events: number }> {
  const { events, reads, ...run } = options;
  const { name, version } = projection;
  const namespace = liveNamespace(projection);
  const entry = await readEntry(reads, name);
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
  for (const [logical, { indexes }] of Object.entries(projection.collections)) {
    await reads.ensureIndexes(namespace.collections.get(logical)!, indexes);
  }
  await writeEntry(reads, name, {
    $set: { active_version: version, active_collections: collections, status: 'running' },
    $unset: { building_version: '', building_collections: '', retired_version: '', retired_collections: '', error: '' },
  });
  const head = await events.headPosition();
  let applied = 0;
  const end = await runProjection({ events, reads }, { projection, namespace }, { kind: 'until', position: head }, {
    ...run,
    onBatch: (progress) => {
      applied += progress.events;
      run.onBatch?.(progress);
    },
  }).done;
  if (end.state === 'failed') {
    await writeEntry(reads, name, { $set: { status: 'failed', error: end.poison ? { ...end.poison } : end.error.message } });
    throw end.error;
  }
  return { position: end.position, events: applied };
}
