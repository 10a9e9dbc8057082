/**
 * Pulls pages of events and hands them out as batches: at most `maxEvents`, and, once a batch has
 * its first events, at most `windowMs` more waiting for others (so a live trickle is applied
 * promptly, and a catch-up page that fills a batch goes out at once).
 *
 * Pull, never push: a page is read only when a batch is asked for, so the log is never buffered
 * whole in memory. At most one page read may be in flight past a batch that went out on its time
 * window (an async iterator cannot take back a `next()`); it opens the next batch.
 */
import type { StoredEvent } from '../../stores/events/port.js';

export interface BatchShape {
  maxEvents: number;
  windowMs: number;
}

type Pulled = IteratorResult<StoredEvent[], unknown>;
const TIMEOUT = Symbol('timeout');
const STOPPED = Symbol('stopped');

export class BatchReader {
  private readonly iterator: AsyncIterator<StoredEvent[], unknown>;
  private pending: Promise<Pulled> | undefined;
  private leftover: StoredEvent[] = [];
  private ended = false;
  private stopping = false;
  /** Wakes the pull in progress on stop (one per pull: racing a long-lived promise would leak). */
  private interrupt: ((stopped: typeof STOPPED) => void) | undefined;

  constructor(
    pages: AsyncIterable<StoredEvent[]>,
    private readonly shape: BatchShape,
  ) {
    this.iterator = pages[Symbol.asyncIterator]();
  }

  /** Ask for no more pages: the batch being assembled goes out as it is, then `next()` gives null. */
  stop(): void {
    this.stopping = true;
    this.interrupt?.(STOPPED);
  }

  /** The next batch, or null when the pages ended or `stop()` was called. */
  async next(): Promise<StoredEvent[] | null> {
    const { maxEvents, windowMs } = this.shape;
    let batch = this.takeLeftover(maxEvents);
    let deadline = batch.length > 0 ? Date.now() + windowMs : undefined;
    while (batch.length < maxEvents && !this.ended && !this.stopping) {
      const wait = deadline === undefined ? undefined : deadline - Date.now();
      if (wait !== undefined && wait <= 0) break;
      const outcome = await this.pull(wait);
      if (outcome === TIMEOUT) break;
      if (outcome === STOPPED || outcome.done) {
        this.ended = true;
        break;
      }
      const page = outcome.value;
      if (page.length === 0) continue;
      const room = maxEvents - batch.length;
      if (page.length > room) {
        this.leftover = page.slice(room);
        batch = batch.length === 0 ? page.slice(0, room) : batch.concat(page.slice(0, room));
      } else {
        batch = batch.length === 0 ? page : batch.concat(page);
      }
      deadline ??= Date.now() + windowMs;
    }
    if (this.stopping) this.ended = true;
    return batch.length > 0 ? batch : null;
  }

  /** Lets the iterator release what it holds (the subscription's listener, for instance). */
  close(): void {
    this.stop();
    void Promise.resolve(this.iterator.return?.()).catch(() => {});
  }

  private takeLeftover(maxEvents: number): StoredEvent[] {
    if (this.leftover.length === 0) return [];
    const batch = this.leftover.slice(0, maxEvents);
    this.leftover = this.leftover.slice(maxEvents);
    return batch;
  }

  /** The next page, or TIMEOUT after `wait` ms (the read stays pending for next time), or STOPPED. */
  private async pull(wait: number | undefined): Promise<Pulled | typeof TIMEOUT | typeof STOPPED> {
    if (this.stopping) return STOPPED;
    if (!this.pending) {
      this.pending = this.iterator.next();
      this.pending.catch(() => {}); // a read abandoned on stop must not become an unhandled rejection
    }
    const racers: Array<Promise<Pulled | typeof TIMEOUT | typeof STOPPED>> = [
      this.pending,
      new Promise((resolve) => (this.interrupt = resolve)),
    ];
    let timer: NodeJS.Timeout | undefined;
    if (wait !== undefined) racers.push(new Promise((resolve) => (timer = setTimeout(resolve, wait, TIMEOUT))));
    try {
      const outcome = await Promise.race(racers);
      if (outcome !== TIMEOUT && outcome !== STOPPED) this.pending = undefined;
      return outcome;
    } catch (error) {
      this.pending = undefined;
      if (this.stopping) return STOPPED; // the source was torn down under us on purpose
      throw error;
    } finally {
      this.interrupt = undefined;
      if (timer) clearTimeout(timer);
    }
  }
}
