/**
 * Each projection's state as the read store records it (its registry entry and checkpoint), for a
 * process that does not run the projector itself: `atlas lag`, and the `/healthz` of a service
 * started alone (`npm start -- nexacore`) while the projector runs elsewhere.
 */
import type { Projection } from '../projection.js';
import type { EventStore } from '../../stores/events/port.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { measureLag } from './lag.js';
import { liveCheckpoint } from './namespace.js';
import { readProjectionRecord } from './projection-record.js';
import type { ProjectionState } from './serving.js';

/** As `ProjectionState`, and `never_run` for a projection no projector has started yet. */
export type StoredState = Omit<ProjectionState, 'status'> & { status: ProjectionState['status'] | 'never_run' };

/** The newest registered version of each projection, in registry order. */
function newestByName(projections: readonly Projection[]): Projection[] {
  const byName = new Map<string, Projection>();
  for (const projection of projections) {
    const known = byName.get(projection.name);
    if (!known || known.version < projection.version) byName.set(projection.name, projection);
  }
  return [...byName.values()];
}

export async function storedStates(
  projections: readonly Projection[],
  stores: { events: EventStore; reads: ReadStore },
): Promise<StoredState[]> {
  const { events, reads } = stores;
  return Promise.all(
    newestByName(projections).map(async (projection) => {
      const entry = await readProjectionRecord(reads, projection.name);
      const version = entry?.active_version ?? projection.version;
      const lag = await measureLag(events, await reads.checkpoint(liveCheckpoint(projection.name, version)));
      return {
        projection: projection.name,
        version,
        status: entry?.status ?? 'never_run',
        ...lag,
        ...(entry?.error ? { error: entry.error } : {}),
        ...(entry?.building_version != null
          ? {
              building: {
                version: entry.building_version,
                ...(await measureLag(
                  events,
                  await reads.checkpoint(liveCheckpoint(projection.name, entry.building_version)),
                )),
              },
            }
          : {}),
      };
    }),
  );
}
