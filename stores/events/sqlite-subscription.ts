/**
 * Catch-up then live subscription over the SQLite event log.
 *
 * Why reading `position > last` never skips nor repeats an event: SQLite lets one writer at a time
 * hold the database (our appends run in `BEGIN IMMEDIATE` transactions), and AUTOINCREMENT hands out
 * positions inside that write transaction, each larger than every position ever committed before.
 * So no transaction can still be pending with a smaller position than one already visible: every
 * read snapshot (WAL readers see exactly the transactions committed before they started) is a
 * prefix of the log in position order. Reading strictly after the last delivered position, page by
 * page, therefore walks the log without gaps or duplicates, whether the writer is this process or
 * another one, and whether we are catching up or live. (This is what a Postgres sequence would not
 * give: there, a smaller id can commit after a larger one.)
 *
 * Waking up: appends through any store instance of this process ring every subscription opened on
 * the same file (module-level registry keyed by the file's real path); appends by other processes
 * are found by the poll timer.
 *
 * A read that fails (the file locked past the store's bound, read-only...) ends the subscription
 * with that error: the consumer subscribes again from the last position it applied.
 */
import type { StoredEvent, SubscribeOptions } from './port.js';

type Ring = () => void;

/** Subscriptions listening for appends, per resolved database file. */
const listeners = new Map<string, Set<Ring>>();

/** Per resolved database file: how many appends this process has announced. */
const generations = new Map<string, number>();

/** Changes whenever this process announces an append to `file`. */
export function appendGeneration(file: string): number {
  return generations.get(file) ?? 0;
}

/** Tells every subscription of this process on `file` that the log grew. */
export function announceAppend(file: string): void {
  generations.set(file, appendGeneration(file) + 1);
  const rings = listeners.get(file);
  if (rings) for (const ring of rings) ring();
}

function listenForAppends(file: string, ring: Ring): () => void {
  let rings = listeners.get(file);
  if (!rings) listeners.set(file, (rings = new Set()));
  rings.add(ring);
  return () => {
    rings.delete(ring);
    if (rings.size === 0) listeners.delete(file);
  };
}

/** Remembers a ring that came while nobody waited, so that no append is missed between read and wait. */
class Doorbell {
  private rung = false;
  private wake: (() => void) | null = null;

  readonly ring: Ring = () => {
    this.rung = true;
    this.wake?.();
  };

  clear(): void {
    this.rung = false;
  }

  /** Resolves on a ring, after `ms`, or on abort, whichever comes first. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.rung || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
  }
}

export interface LogSource {
  /** Real path of the database file: the key of the wake-up registry. */
  file: string;
  pollIntervalMs: number;
  /** Aborted when the store closes. */
  closing: AbortSignal;
  /**
   * Events with position > after, in position order, at most `limit`: at once, or a promise when
   * the file is locked and the read is being tried again (it then fails, after a bound, with
   * EventStoreUnavailableError, which ends the subscription).
   */
  readPage(after: number, limit: number): StoredEvent[] | Promise<StoredEvent[]>;
}

export async function* subscribeToLog(
  source: LogSource,
  { after = 0, pageSize = 1000, signal }: SubscribeOptions = {},
): AsyncGenerator<StoredEvent[], void, undefined> {
  const stop = signal ? AbortSignal.any([signal, source.closing]) : source.closing;
  const bell = new Doorbell();
  const unlisten = listenForAppends(source.file, bell.ring);
  // A consumer may abandon the iterator without resuming it: let go of the registry at abort.
  stop.addEventListener('abort', unlisten, { once: true });
  let last = after;
  try {
    while (!stop.aborted) {
      bell.clear(); // rings from now on are for rows this read may not see
      let page: StoredEvent[];
      try {
        const read = source.readPage(last, pageSize);
        page = Array.isArray(read) ? read : await read; // no extra turn when it came at once
      } catch (error) {
        if (stop.aborted) return; // stopped, or the store closed, while the read was waiting
        throw error;
      }
      const tail = page.at(-1);
      if (tail) {
        last = tail.position;
        yield page; // pull: the next read waits until the consumer asks again
        continue;
      }
      await bell.wait(source.pollIntervalMs, stop);
    }
  } finally {
    stop.removeEventListener('abort', unlisten);
    unlisten();
  }
}
