/**
 * Runs every projection of the system (`projections/registry.ts`), each live from its checkpoint,
 * with blue/green builds of new versions. `lag()` feeds `/healthz` and `atlas lag`.
 */
import { Subject, type Observable } from 'rxjs';
import type { Projection } from '../projection.js';
import type { EventStore } from '../../stores/events/port.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { silentLogger, type Logger } from './logger.js';
import type { BatchProgress, RunOptions } from './runner.js';
import { serve, type ProjectionState, type Serving, type VersionSwitch } from './serving.js';

export interface StartProjectionsOptions extends Omit<RunOptions, 'onBatch' | 'logger'> {
  events: EventStore;
  reads: ReadStore;
  projections: readonly Projection[];
  logger?: Logger;
  onBatch?: (progress: BatchProgress & { role: 'active' | 'building' }) => void;
  /**
   * After a blue/green switch, how long the old version's collections are kept before they are
   * dropped: readers in other processes see the switch when their `ReadModels` cache expires
   * (`maxAgeMs`, 1 s by default). Default 5000 ms.
   */
  retireAfterMs?: number;
  /**
   * After a failure that is not a poison event (e.g. a store error its adapter does not type as
   * unavailable; typed outages are waited out without failing, `store-wait.ts`), the first delay
   * before the run starts again; doubles up to 60 s. Also the delay before a failed blue/green
   * switch is tried again. Default 1000 ms.
   */
  restartDelayMs?: number;
}

export interface Projector {
  /** Every projection's serving version, status and lag (and its build's, during blue/green). */
  lag(): Promise<ProjectionState[]>;
  /** Each run finishes and commits the batch in hand, then ends. */
  stop(): Promise<void>;
  /** Announces every change of the version serving reads (for `ReadModels` caches). */
  readonly switches$: Observable<VersionSwitch>;
}

/**
 * Groups the list by projection name, newest version last, and refuses lists that would make two
 * projections write the same physical collection.
 */
export function versionsByName(projections: readonly Projection[]): Projection[][] {
  const byName = new Map<string, Projection[]>();
  const owners = new Map<string, string>();
  for (const projection of projections) {
    if (!Number.isInteger(projection.version) || projection.version < 1) {
      throw new Error(`projection ${projection.name}: version must be a positive integer, got ${projection.version}`);
    }
    const versions = byName.get(projection.name) ?? [];
    if (versions.some((other) => other.version === projection.version)) {
      throw new Error(`projection ${projection.name} v${projection.version} is registered twice`);
    }
    versions.push(projection);
    byName.set(projection.name, versions);
    for (const collection of Object.keys(projection.collections)) {
      const owner = owners.get(collection);
      if (owner !== undefined && owner !== projection.name) {
        throw new Error(`collection "${collection}" is written by both ${owner} and ${projection.name}`);
      }
      owners.set(collection, projection.name);
    }
  }
  return [...byName.values()].map((versions) => versions.sort((a, b) => a.version - b.version));
}

export async function startProjections(options: StartProjectionsOptions): Promise<Projector> {
  const {
    events,
    reads,
    projections,
    logger = silentLogger,
    onBatch,
    retireAfterMs = 5000,
    restartDelayMs = 1000,
    ...run
  } = options;
  const switches = new Subject<VersionSwitch>();
  const servings: Serving[] = [];
  const context = {
    events,
    reads,
    logger,
    switches,
    run,
    retireAfterMs,
    restartDelayMs,
    ...(onBatch ? { onBatch } : {}),
  };
  try {
    for (const versions of versionsByName(projections)) servings.push(await serve(context, versions));
  } catch (error) {
    await Promise.all(servings.map((serving) => serving.stop()));
    throw error;
  }
  logger.info({ projections: servings.map((serving) => serving.name) }, 'projections started');
  return {
    lag: () => Promise.all(servings.map((serving) => serving.state())),
    async stop() {
      await Promise.all(servings.map((serving) => serving.stop()));
      switches.complete();
    },
    switches$: switches.asObservable(),
  };
}
