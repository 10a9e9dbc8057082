/**
 * Waiting for another connection's lock without blocking the event loop, for both embedded stores.
 *
 * SQLite's own busy handler (`busy_timeout`) sleeps inside the call: on the thread that serves
 * every HTTP port, a 5 s timeout froze the whole process for 5 s. So the connections of the
 * serving thread run with `busy_timeout = 0`, and a statement that finds the database locked
 * (SQLITE_BUSY / SQLITE_LOCKED: nothing was done) is run again after growing delays on timers
 * (`retryWhileBusy`), until a bound of about a second (`BUSY_WAIT_MS`); the caller then makes
 * its "unavailable" error of the last one. A worker thread may sleep, and does
 * (`retryWhileBusySync`), with the same delays and the same kind of bound.
 *
 * The first attempt runs at once with no timer and no promise of its own (`runRetryingBusy`): the
 * usual case, a free database, costs a try/catch.
 */
import { isBusyCode } from './sqlite-unavailable.js';

/** How long, in all, an operation waits for another connection's lock before giving up. */
export const BUSY_WAIT_MS = 1000;

/**
 * Pauses between attempts on the serving thread: short first (a writer's commit takes a few ms),
 * then every 10 ms, so that the gaps between another process's commits are not all missed. A
 * failed attempt costs microseconds: a hundred a second are nothing to the thread.
 */
const DELAYS_MS = [1, 1, 2, 2, 4, 4, 8, 10];
const delay = (attempt: number): number => DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)]!;
const isBusy = (error: unknown): boolean => isBusyCode((error as { code?: unknown } | null)?.code);

/**
 * Runs `work`; while it throws a busy error, runs it again after a pause (a timer: the thread
 * goes on serving) until `waitMs` have passed, then throws the last error.
 */
export async function retryWhileBusy<T>(work: () => T, waitMs: number): Promise<T> {
  try {
    return work();
  } catch (error) {
    return again(work, performance.now() + waitMs, error);
  }
}

async function again<T>(work: () => T, deadline: number, failure: unknown): Promise<T> {
  let error = failure;
  for (let attempt = 0; ; attempt += 1) {
    const left = deadline - performance.now();
    if (!isBusy(error) || left <= 0) throw error;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay(attempt), left)));
    try {
      return work();
    } catch (next) {
      error = next;
    }
  }
}

/**
 * `work()` now when it succeeds (or fails for another reason); when it finds the database busy,
 * the promise of the attempts after it, for `waitMs` more. Every error goes through `translate`.
 */
export function runRetryingBusy<T>(
  work: () => T,
  waitMs: number,
  translate: (error: unknown) => unknown,
): T | Promise<T> {
  try {
    return work();
  } catch (error) {
    if (!isBusy(error) || waitMs <= 0) throw translate(error);
    return again(work, performance.now() + waitMs, error).catch((last: unknown) => {
      throw translate(last);
    });
  }
}

/** A time (ms) every thread reads alike: `performance.now()` alone counts from each thread's start. */
export const sharedClock = (): number => performance.timeOrigin + performance.now();

const pause = new Int32Array(new SharedArrayBuffer(4));
/**
 * A worker thread tries every millisecond or so: another process that appends in a tight loop
 * frees the lock only for moments between its commits, and a sparser poll (SQLite's own handler
 * sleeps up to 100 ms) can miss them all for a second. A failed attempt costs a few microseconds.
 */
const THREAD_DELAYS_MS = [0.1, 0.2, 0.5, 1];

/** Once the wait is up, how much longer to try when other connections were seen committing. */
const PROGRESS_WINDOW_MS = 250;

export interface SyncWait {
  /** How long to try. */
  waitMs: number;
  /**
   * Whether another connection committed since the last call (`PRAGMA data_version`). When the
   * wait is up and they did, the lock is not held still but changing hands (other writers, a
   * holder descheduled on a busy machine): the attempts go on, `PROGRESS_WINDOW_MS` at a time.
   */
  progressed?: () => boolean;
  /** The most the wait may grow to so. Default `waitMs`. */
  capMs?: number;
}

/**
 * For worker threads only (it sleeps, with `Atomics.wait`): runs `work` until it does not find
 * the database busy, or the wait is up (see `SyncWait`); then throws the last error.
 */
export function retryWhileBusySync<T>(work: () => T, { waitMs, progressed, capMs = waitMs }: SyncWait): T {
  const started = performance.now();
  let deadline = started + waitMs;
  const cap = started + Math.max(capMs, waitMs);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const now = performance.now();
      if (now >= deadline) {
        if (now >= cap || !progressed?.()) throw error;
        deadline = Math.min(now + PROGRESS_WINDOW_MS, cap);
      }
      Atomics.wait(
        pause,
        0,
        0,
        Math.min(THREAD_DELAYS_MS[Math.min(attempt, THREAD_DELAYS_MS.length - 1)]!, deadline - now),
      );
    }
  }
}
