/**
 * Runs one projection into one namespace, from its stored checkpoint.
 *
 * The pipeline (RxJS) is a pull loop: read a batch → project it (pure) → commit it with its
 * checkpoint → only then read the next batch (`expand` with concurrency 1). So the log is never
 * buffered whole, and a crash at any point loses nothing and applies nothing twice: the batch and
 * its checkpoint commit together, and the next run starts after the checkpoint.
 *
 * A store that cannot do it now (locked by another process, read-only, unreachable) stalls the
 * run without failing it (`store-wait.ts`): a commit is tried again, the same batch with the same
 * checkpoint, until it goes through; a read of the log that fails drops the reader and opens a
 * new one after the last committed position. `retrying()` says so meanwhile.
 */
import { defer, EMPTY, expand, from, mergeMap, takeWhile, tap, type Observable } from 'rxjs';
import type { Projection } from '../projection.js';
import type { EventStore, StoredEvent } from '../../stores/events/port.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { BatchReader } from './batch-reader.js';
import { commitBatch, type Committed } from './commit.js';
import { measureLag, type Lag } from './lag.js';
import { silentLogger, type Logger } from './logger.js';
import type { Namespace } from './namespace.js';
import { PoisonEventError, type OnPoison, type PoisonReport } from './poison.js';
import { pagesOf, type RunSource } from './sources.js';
import { isPassingOutage, StoreWait, type Retrying } from './store-wait.js';
import { StoreUnavailableError } from '../../stores/unavailable.js';

/**
 * Default batch sizes: following the log live, small batches keep the lag low; reading a stretch
 * of it (rebuild, replay, verify), big ones make fewer transactions and fold more minutes into
 * each rollup document (~20% faster at 5,000 than at 1,000 in the rebuild bench).
 */
export const DEFAULT_BATCH_SIZE = { live: 1000, until: 5000 } as const;

export interface RunOptions {
  /** Most events per batch (and per page read). Default: `DEFAULT_BATCH_SIZE` for the source. */
  batchSize?: number;
  /** How long a batch that has events waits for more before it is applied. Default 5 ms. */
  windowMs?: number;
  /** Default 'stop'. */
  onPoison?: OnPoison;
  /** Called after every committed batch. */
  onBatch?: (progress: BatchProgress) => void;
  logger?: Logger;
}

export interface BatchProgress extends Committed {
  projection: string;
  version: number;
  /** Events applied by this run so far. */
  total_events: number;
}

export type RunEnd =
  | { state: 'ended' | 'stopped'; position: number }
  | { state: 'failed'; position: number; error: Error; poison?: PoisonReport };

export interface ProjectionRun {
  readonly projection: Projection;
  readonly namespace: Namespace;
  /** The checkpoint: position of the last event applied (0 until the stored one is read). */
  position(): number;
  lag(): Promise<Lag>;
  /** Set while the run waits for a store that cannot do it now (it retries on its own). */
  retrying(): Retrying | undefined;
  /**
   * Finishes and commits the batch in hand, then ends. While a store is unavailable, it ends
   * after the attempt in progress, the batch uncommitted (the next run reads it again).
   */
  stop(): Promise<RunEnd>;
  /** Settles when the run ends (source exhausted, stopped or failed); never rejects. */
  readonly done: Promise<RunEnd>;
}

/**
 * Lets timers and I/O run between batches: with the embedded stores a whole catch-up would
 * otherwise run in microtasks and starve the process (HTTP, other projections' time windows).
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function runProjection(
  stores: { events: EventStore; reads: ReadStore },
  target: { projection: Projection; namespace: Namespace },
  source: RunSource,
  options: RunOptions = {},
): ProjectionRun {
  const { events, reads } = stores;
  const { projection, namespace } = target;
  const {
    batchSize = DEFAULT_BATCH_SIZE[source.kind],
    windowMs = 5,
    onPoison = 'stop',
    onBatch,
    logger = silentLogger,
  } = options;
  const abort = new AbortController();
  const wait = new StoreWait(abort.signal, logger, { projection: projection.name, version: projection.version });
  const context = { reads, projection, namespace, onPoison, logger, wait };
  let reader: BatchReader | undefined;
  let position = 0;
  let lastRecordedAt: string | undefined;
  let totalEvents = 0;
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  /** Why the stored checkpoint could not be read yet (lag() says so rather than wait). */
  let checkpointUnknown: unknown;

  const openReader = (after: number): BatchReader =>
    new BatchReader(pagesOf(events, source, { after, pageSize: batchSize, signal: abort.signal }), {
      maxEvents: batchSize,
      windowMs,
    });

  /** The next batch; when reading the log fails for now, again from a new reader after the checkpoint. */
  const nextBatch = async (): Promise<StoredEvent[] | null> => {
    for (let failures = 0; ; failures += 1) {
      try {
        const batch = await reader!.next();
        if (failures > 0) wait.recovered();
        return batch;
      } catch (error) {
        if (!isPassingOutage(error) || abort.signal.aborted) throw error;
        wait.failed(error);
        reader!.close(); // what it held past the checkpoint is read again by the next one
        await wait.backoff(failures);
        if (abort.signal.aborted) return null;
        reader = openReader(position);
      }
    }
  };

  const pipeline: Observable<Committed> = defer(async () => {
    position = await wait.until(() =>
      reads.checkpoint(namespace.checkpoint).catch((error: unknown) => {
        if (isPassingOutage(error)) {
          checkpointUnknown = error;
          markStarted();
        }
        throw error;
      }),
    );
    checkpointUnknown = undefined;
    markStarted();
    if (abort.signal.aborted) return null;
    reader = openReader(position);
    return true;
  }).pipe(
    mergeMap((opened) => {
      if (!opened) return EMPTY;
      const step = (): Observable<Committed> =>
        from(nextTurn().then(nextBatch)).pipe(
          takeWhile((batch): batch is StoredEvent[] => batch !== null),
          mergeMap((batch) => commitBatch(context, batch)),
        );
      return step().pipe(expand(() => step(), 1));
    }),
    tap((committed) => {
      position = committed.position;
      lastRecordedAt = committed.recorded_at;
      totalEvents += committed.events;
      try {
        onBatch?.({
          ...committed,
          projection: projection.name,
          version: projection.version,
          total_events: totalEvents,
        });
      } catch (error) {
        // A progress display must not stop the projection: the batch is committed anyway.
        logger.warn({ projection: projection.name, error: String(error) }, 'onBatch callback failed');
      }
    }),
  );

  const done = new Promise<RunEnd>((resolve) => {
    const finish = (end: RunEnd) => {
      markStarted();
      reader?.close();
      abort.abort();
      resolve(end);
    };
    pipeline.subscribe({
      complete: () => finish({ state: abort.signal.aborted ? 'stopped' : 'ended', position }),
      error: (thrown: unknown) => {
        const error = thrown instanceof Error ? thrown : new Error(String(thrown));
        // Stopped while a store was unavailable: the batch in hand stays uncommitted, as after a crash.
        const stoppedWaiting = abort.signal.aborted && error instanceof StoreUnavailableError;
        if (stoppedWaiting) {
          finish({ state: 'stopped', position });
          return;
        }
        if (!(error instanceof PoisonEventError)) {
          logger.error(
            { projection: projection.name, version: projection.version, position, error: error.message },
            'projection failed',
          );
        }
        // Part of the failed batch may be committed (the events before the culprit).
        void reads
          .checkpoint(namespace.checkpoint)
          .then((stored) => {
            if (stored !== position) lastRecordedAt = undefined;
            position = stored;
            checkpointUnknown = undefined;
          })
          .catch(() => {})
          .finally(() =>
            finish({
              state: 'failed',
              position,
              error,
              ...(error instanceof PoisonEventError ? { poison: error.report } : {}),
            }),
          );
      },
    });
  });

  return {
    projection,
    namespace,
    position: () => position,
    async lag() {
      await started;
      if (checkpointUnknown !== undefined) throw checkpointUnknown;
      return measureLag(events, position, lastRecordedAt);
    },
    retrying: () => wait.state,
    stop() {
      abort.abort(); // ends a live subscription that waits for appends
      reader?.stop();
      return done;
    },
    done,
  };
}
