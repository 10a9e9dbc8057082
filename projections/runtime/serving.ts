/**
 * One projection, served: runs the version in the code live, and when that version is newer than
 * the one serving reads, builds it blue/green — into its own collections, in the background, while
 * the old ones keep serving — then switches `active_version` once it has caught up and drops the
 * old collections.
 *
 * The old version keeps being updated only if its code is still in the list (both versions
 * registered); otherwise it serves as it was until the switch.
 */
import type { Subject } from 'rxjs';
import type { Projection } from '../projection.js';
import type { EventStore } from '../../stores/events/port.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { measureLag, type Lag } from './lag.js';
import type { Logger } from './logger.js';
import { liveCheckpoint, liveNamespace, type Namespace } from './namespace.js';
import {
  dropRetired,
  dropVersion,
  readProjectionRecord,
  writeProjectionRecord,
  type ProjectionStatus,
  type ProjectionRecord,
} from './projection-record.js';
import {
  DEFAULT_BATCH_SIZE,
  runProjection,
  type BatchProgress,
  type ProjectionRun,
  type RunOptions,
} from './runner.js';
import type { Retrying } from './store-wait.js';

export interface VersionSwitch {
  projection: string;
  /** The version that served before (null on a first run). */
  from: number | null;
  to: number;
}

export interface ProjectionState extends Lag {
  projection: string;
  /** The version serving reads. */
  version: number;
  status: ProjectionStatus;
  error?: ProjectionRecord['error'];
  /**
   * Set while the serving run waits for a store that cannot do it now (locked, read-only,
   * unreachable): which store, since when, how many attempts, the last error. It retries on its
   * own; the status stays as it was (this process's state: the read store may be the one down).
   */
  retrying?: Retrying;
  /** The version being built (blue/green), and its own lag (and `retrying`). */
  building?: Lag & { version: number; retrying?: Retrying };
}

export interface ServingContext {
  events: EventStore;
  reads: ReadStore;
  logger: Logger;
  switches: Subject<VersionSwitch>;
  run: Omit<RunOptions, 'onBatch' | 'logger'>;
  /** How long the version replaced by a switch is kept before it is dropped. */
  retireAfterMs: number;
  /** First delay before a failed run (not a poison event) is started again; doubles up to 60 s. */
  restartDelayMs: number;
  onBatch?: (progress: BatchProgress & { role: 'active' | 'building' }) => void;
}

export interface Serving {
  readonly name: string;
  state(): Promise<ProjectionState>;
  stop(): Promise<void>;
}

function physical(namespace: Namespace): string[] {
  return [...namespace.collections.values()];
}

async function ensureIndexes(reads: ReadStore, projection: Projection, namespace: Namespace): Promise<void> {
  for (const [logical, { indexes }] of Object.entries(projection.collections)) {
    await reads.ensureIndexes(namespace.collections.get(logical)!, indexes);
  }
}

/** `versions`: the registered versions of one projection, the newest last. */
export async function serve(context: ServingContext, versions: readonly Projection[]): Promise<Serving> {
  const { events, reads, logger, switches } = context;
  const target = versions[versions.length - 1]!;
  const { name } = target;
  const targetNamespace = liveNamespace(target);
  const entry = await readProjectionRecord(reads, name);
  let activeVersion = target.version;
  let active: ProjectionRun | undefined;
  let building: ProjectionRun | undefined;
  let stopping = false;
  let switching: Promise<void> | undefined;
  let retirement: NodeJS.Timeout | undefined;

  const restarts = new Set<NodeJS.Timeout>();
  let failuresInARow = 0;

  const start = (projection: Projection): ProjectionRun => {
    const run = runProjection(
      { events, reads },
      { projection, namespace: liveNamespace(projection) },
      { kind: 'live' },
      {
        ...context.run,
        logger,
        onBatch: (progress) => {
          failuresInARow = 0;
          context.onBatch?.({ ...progress, role: run === building ? 'building' : 'active' });
          if (run === building && !switching)
            void trySwitch(progress.events < (context.run.batchSize ?? DEFAULT_BATCH_SIZE.live));
        },
      },
    );
    void run.done.then(async (end) => {
      if (end.state !== 'failed' || stopping) return;
      await writeProjectionRecord(reads, name, {
        $set: { status: 'failed', error: end.poison ? { ...end.poison } : end.error.message },
      }).catch((error: unknown) =>
        logger.error({ projection: name, error: String(error) }, 'could not record the failure'),
      );
      // A poison event needs a fix (or onPoison: 'dead-letter'); anything else, e.g. a store error
      // not typed as unavailable (typed outages are waited out inside the run), is retried with a
      // growing delay.
      if (end.poison) return;
      const delay = Math.min(context.restartDelayMs * 2 ** failuresInARow, 60_000);
      failuresInARow += 1;
      logger.warn(
        { projection: name, version: projection.version, delay_ms: delay },
        'restarting the projection after a failure',
      );
      const timer = setTimeout(() => {
        restarts.delete(timer);
        if (stopping || (run !== active && run !== building)) return;
        const again = start(projection);
        if (run === active) active = again;
        else building = again;
        writeProjectionRecord(reads, name, {
          $set: { status: building ? 'building' : 'running' },
          $unset: { error: '' },
        }).catch(() => {});
      }, delay);
      restarts.add(timer);
    });
    return run;
  };

  /** Switches to the building version once it has caught up (a partial batch means it read the log's end). */
  const trySwitch = async (readTheEnd: boolean): Promise<void> => {
    const candidate = building;
    if (!candidate || switching || stopping) return;
    if (!readTheEnd && candidate.position() < (await events.headPosition())) return;
    if (switching || stopping || building !== candidate) return;
    switching = (async () => {
      const previous = activeVersion;
      const previousCollections = (await readProjectionRecord(reads, name))?.active_collections ?? [];
      await writeProjectionRecord(reads, name, {
        $set: {
          active_version: target.version,
          active_collections: physical(targetNamespace),
          status: 'running',
          retired_version: previous,
          retired_collections: previousCollections,
        },
        $unset: { building_version: '', building_collections: '', error: '' },
      });
      activeVersion = target.version;
      const retired = active;
      active = candidate;
      building = undefined;
      switches.next({ projection: name, from: previous, to: target.version });
      logger.info({ projection: name, from: previous, to: target.version }, 'projection switched to its new version');
      await retired?.stop();
      // Readers in other processes may still use the old collections until their cache expires.
      retirement = setTimeout(() => {
        retirement = undefined;
        dropRetired(reads, name).catch((error: unknown) =>
          logger.error({ projection: name, error: String(error) }, 'could not drop the retired version'),
        );
      }, context.retireAfterMs);
      retirement.unref(); // nothing to wait for at exit: the next start drops it
    })().catch((error: unknown) => {
      logger.error({ projection: name, error: String(error) }, 'blue/green switch failed');
      // E.g. the read store was locked: try again later (the build may get no further batch).
      switching = undefined;
      if (stopping) return;
      const timer = setTimeout(() => {
        restarts.delete(timer);
        void trySwitch(false);
      }, context.restartDelayMs);
      restarts.add(timer);
    });
  };

  if (entry?.retired_version != null) await dropRetired(reads, name); // a switch made by an earlier run
  if (!entry || entry.active_version === null || entry.active_version === target.version) {
    if (entry?.building_version != null && entry.building_version !== target.version) {
      // A build of another version was under way; the code no longer asks for it.
      await dropVersion(reads, entry.building_collections ?? [], liveCheckpoint(name, entry.building_version));
    }
    await ensureIndexes(reads, target, targetNamespace);
    await writeProjectionRecord(reads, name, {
      $set: { active_version: target.version, active_collections: physical(targetNamespace), status: 'running' },
      $unset: { building_version: '', building_collections: '', error: '' },
    });
    if (entry?.active_version !== target.version) switches.next({ projection: name, from: null, to: target.version });
    active = start(target);
  } else {
    activeVersion = entry.active_version;
    if (entry.building_version !== target.version) {
      // Start the build clean: leftovers of another version's build, or of an older attempt.
      if (entry.building_version != null) {
        await dropVersion(reads, entry.building_collections ?? [], liveCheckpoint(name, entry.building_version));
      }
      await dropVersion(reads, physical(targetNamespace), targetNamespace.checkpoint);
    }
    await ensureIndexes(reads, target, targetNamespace);
    await writeProjectionRecord(reads, name, {
      $set: { building_version: target.version, building_collections: physical(targetNamespace), status: 'building' },
      $unset: { error: '' },
    });
    logger.info(
      { projection: name, active: activeVersion, building: target.version },
      'building a new version (blue/green)',
    );
    const old = versions.find((projection) => projection.version === activeVersion);
    if (old) active = start(old);
    building = start(target);
    void building.lag().then((lag) => (lag.caught_up ? trySwitch(true) : undefined));
  }

  return {
    name,
    async state() {
      const [entryNow, servingLag, buildingLag] = await Promise.all([
        readProjectionRecord(reads, name),
        active
          ? active.lag()
          : reads.checkpoint(liveCheckpoint(name, activeVersion)).then((position) => measureLag(events, position)),
        building?.lag(),
      ]);
      const state: ProjectionState = {
        projection: name,
        version: activeVersion,
        status: entryNow?.status ?? 'running',
        ...servingLag,
      };
      if (entryNow?.error) state.error = entryNow.error;
      const retrying = active?.retrying();
      if (retrying) state.retrying = retrying;
      if (building && buildingLag) {
        const buildRetrying = building.retrying();
        state.building = {
          version: target.version,
          ...buildingLag,
          ...(buildRetrying ? { retrying: buildRetrying } : {}),
        };
      }
      return state;
    },
    async stop() {
      await switching;
      stopping = true;
      clearTimeout(retirement); // the next start drops the retired version
      for (const timer of restarts) clearTimeout(timer);
      await Promise.all([active?.stop(), building?.stop()]);
    },
  };
}
