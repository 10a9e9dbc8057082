/**
 * Commits one batch: its writes and its checkpoint in one `applyBatch` (exactly once). When an
 * event cannot be projected, or the store rejects the batch, it finds the culprit (re-applying the
 * batch event by event) and stops with a report or dead-letters it, per `onPoison`.
 *
 * A store that cannot do it now (`StoreUnavailableError`: locked, read-only, unreachable) is no
 * event's fault: with a `wait` (the runner's), the same write is tried again until it goes
 * through (`store-wait.ts`); without one, the error ends the commit.
 */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { ReadStore, WriteOp } from '../../stores/reads/port.js';
import { StoreUnavailableError } from '../../stores/unavailable.js';
import type { Logger } from './logger.js';
import type { Namespace } from './namespace.js';
import { planBatch, writesOf } from './plan.js';
import { deadLetterWrite, PoisonEventError, poisonReport, type OnPoison, type PoisonReport } from './poison.js';
import type { StoreWait } from './store-wait.js';

export interface CommitContext {
  reads: ReadStore;
  projection: Projection;
  namespace: Namespace;
  onPoison: OnPoison;
  logger: Logger;
  /** Waits out a store that cannot do it now, trying each write again (the live runner's). */
  wait?: StoreWait;
}

export interface Committed {
  /** Position of the batch's last event: the checkpoint now stored. */
  position: number;
  /** `recorded_at` of that event. */
  recorded_at: string;
  events: number;
  writes: number;
  /** Events skipped and recorded as dead letters in this batch. */
  dead_letters: PoisonReport[];
}

export async function commitBatch(context: CommitContext, events: readonly StoredEvent[]): Promise<Committed> {
  const { projection, namespace } = context;
  const deadLetters: PoisonReport[] = [];
  let writes = 0;
  let from = 0;
  while (from < events.length) {
    const plan = planBatch(projection, namespace.collections, events, from);
    if (plan.end > from) writes += await applyOrIsolate(context, events, from, plan.end, plan.ops, deadLetters);
    if (!plan.failure) break;
    await poisoned(context, events[plan.end]!, plan.failure.error, deadLetters);
    from = plan.end + 1;
  }
  const last = events[events.length - 1]!;
  return {
    position: last.position,
    recorded_at: last.recorded_at,
    events: events.length,
    writes,
    dead_letters: deadLetters,
  };
}

/** Applies events `[from, end)` at once; if the store refuses, event by event to find the culprit. */
async function applyOrIsolate(
  context: CommitContext,
  events: readonly StoredEvent[],
  from: number,
  end: number,
  ops: readonly WriteOp[],
  deadLetters: PoisonReport[],
): Promise<number> {
  const { reads, namespace, projection, logger } = context;
  try {
    await write(context, ops, events[end - 1]!.position);
    return ops.length;
  } catch (batchError) {
    if (batchError instanceof StoreUnavailableError) throw batchError; // the store says so: blame no event
    if (!(await acceptsWrites(reads))) throw batchError; // the store is down: retry later, blame no event
    logger.warn(
      {
        projection: projection.name,
        version: projection.version,
        from: events[from]!.position,
        to: events[end - 1]!.position,
        error: String(batchError),
      },
      'batch rejected: re-applying it event by event to find the culprit',
    );
  }
  let writes = 0;
  for (let i = from; i < end; i += 1) {
    const event = events[i]!;
    let own: WriteOp[];
    try {
      own = writesOf(projection, namespace.collections, event); // pure: the writes planned before
    } catch (error) {
      await poisoned(context, event, error, deadLetters);
      continue;
    }
    if (own.length === 0 && i < end - 1) continue; // the next apply moves the checkpoint past it
    try {
      await write(context, own, event.position);
      writes += own.length;
    } catch (error) {
      if (error instanceof StoreUnavailableError || !(await acceptsWrites(reads))) throw error; // the store is down: not the event's fault
      await poisoned(context, event, error, deadLetters);
    }
  }
  return writes;
}

/** `ops` with the checkpoint moved to `position`, in one applyBatch; waited out per `context.wait`. */
function write(context: CommitContext, ops: readonly WriteOp[], position: number): Promise<void> {
  const { reads, namespace, wait } = context;
  const apply = () => reads.applyBatch(ops, { name: namespace.checkpoint, position });
  return wait ? wait.until(apply) : apply();
}

/**
 * Whether the store takes an empty write: tells an event the store rejects (poison) from a store
 * that rejects everything for now (locked, unreachable), which the port's errors do not.
 */
async function acceptsWrites(reads: ReadStore): Promise<boolean> {
  try {
    await reads.applyBatch([], { name: '_projections/write-probe', position: Date.now() });
    return true;
  } catch {
    return false;
  }
}

async function poisoned(
  context: CommitContext,
  event: StoredEvent,
  error: unknown,
  deadLetters: PoisonReport[],
): Promise<void> {
  const { namespace, projection, onPoison, logger } = context;
  const report = poisonReport(projection, event, error);
  if (onPoison === 'stop') {
    logger.error({ poison: report }, `poison event: projection ${report.projection} stops`);
    throw new PoisonEventError(report);
  }
  logger.warn({ poison: report }, `poison event skipped and recorded in ${namespace.deadLetters}`);
  // Skipping the event and recording it are one write, with the checkpoint past it.
  await write(context, [deadLetterWrite(namespace.deadLetters, report, new Date())], event.position);
  deadLetters.push(report);
}
