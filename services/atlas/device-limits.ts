/**
 * The device flow's rate limits (docs/device-flow.md), in memory per process like the login
 * limits: device codes issued per client address, and unknown user codes tried per signed-in user
 * (the guessing defence of RFC 8628 §5.1: a user code has about 34.6 bits).
 *
 * Each is a fixed window per key: `count` takes within `windowSeconds` of the first one, then the
 * key is refused until the window ends (`Retry-After`: the seconds left). A take is counted at
 * once, before the request's work is done, so that concurrent requests cannot all slip under the
 * limit; a request that turns out not to count (a user code that was right) gives its take back.
 * The tables keep at most `maxEntries` keys each, least recently used out first.
 */
import { LRUCache } from 'lru-cache';

export interface WindowRule {
  count: number;
  windowSeconds: number;
}

export interface DeviceLimits {
  /** Device codes per client address (IPv4, IPv6 by its /64). */
  issue: WindowRule;
  /** Unknown or expired user codes per signed-in user, on the approval routes. */
  wrongCodes: WindowRule;
  maxEntries: number;
}

export const defaultDeviceLimits: DeviceLimits = {
  issue: { count: 10, windowSeconds: 60 },
  wrongCodes: { count: 10, windowSeconds: 600 },
  maxEntries: 50_000,
};

export type Take = { taken: true; refund(): void } | { taken: false; retryAfterSeconds: number };

interface Window {
  count: number;
  endsAt: number;
}

export class WindowCounter {
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly rule: WindowRule,
    maxEntries: number,
    private readonly now: () => number,
  ) {
    if (!(Number.isInteger(rule.count) && rule.count > 0 && rule.windowSeconds > 0))
      throw new RangeError(`device limits: a rule needs a positive count and window, got ${JSON.stringify(rule)}`);
    this.windows = new LRUCache({ max: maxEntries });
  }

  /** Counts one for the key, or refuses it while its window is full. */
  take(key: string): Take {
    const t = this.now();
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= t) {
      window = { count: 0, endsAt: t + this.rule.windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    if (window.count >= this.rule.count) {
      return { taken: false, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - t) / 1000)) };
    }
    window.count += 1;
    const counted = window;
    let refunded = false;
    return {
      taken: true,
      refund: () => {
        if (refunded) return;
        refunded = true;
        if (counted.count > 0) counted.count -= 1;
      },
    };
  }
}
