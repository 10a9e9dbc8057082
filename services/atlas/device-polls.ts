/**
 * How often a device polls the token endpoint with a pending device code (RFC 8628 §3.5): a poll
 * sooner than the code's interval after the previous poll of that code is told `slow_down`, and
 * the interval of that code grows by 5 seconds, as the client's does on hearing it. When a device
 * last polled is not a fact of the domain, so it is kept in memory, per process, on the service's
 * clock: a restart (or an evicted entry) forgets it, and the next poll of that code counts as the first.
 */
import { LRUCache } from 'lru-cache';

/** RFC 8628 §3.5: the client adds 5 seconds to its interval on every `slow_down`. */
export const SLOW_DOWN_STEP_SECONDS = 5;

export interface Pace {
  slowDown: boolean;
  /** The interval the code is held to from now on, in seconds. */
  intervalSeconds: number;
}

interface Entry {
  lastPollAt: number;
  intervalSeconds: number;
}

export class DevicePolls {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    private readonly now: () => number,
    maxEntries = 100_000,
  ) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  /** Records a poll of a pending code whose issued interval is `intervalSeconds`; says whether it came too soon. */
  poll(deviceId: string, intervalSeconds: number): Pace {
    const t = this.now();
    const entry = this.entries.get(deviceId);
    if (entry === undefined) {
      this.entries.set(deviceId, { lastPollAt: t, intervalSeconds });
      return { slowDown: false, intervalSeconds };
    }
    const tooSoon = t - entry.lastPollAt < entry.intervalSeconds * 1000;
    if (tooSoon) entry.intervalSeconds += SLOW_DOWN_STEP_SECONDS;
    entry.lastPollAt = t;
    return { slowDown: tooSoon, intervalSeconds: entry.intervalSeconds };
  }
}
