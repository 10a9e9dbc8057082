/**
 * Login throttling, per username and per client address (fixed windows kept in memory, so per
 * process: a single Atlas process guards its own logins). Failed attempts count against the
 * username, so a user cannot lock themselves out by logging in; every attempt counts against the
 * address, which bounds password spraying across many usernames.
 */
export interface LoginLimits {
  /** Failed attempts per username per window. */
  perUsername: number;
  /** Attempts per address per window. */
  perAddress: number;
  windowSeconds: number;
}

export const defaultLoginLimits: LoginLimits = { perUsername: 10, perAddress: 100, windowSeconds: 15 * 60 };

interface Window {
  count: number;
  resetsAt: number;
}

export class LoginLimiter {
  private readonly byUsername = new Map<string, Window>();
  private readonly byAddress = new Map<string, Window>();

  constructor(
    private readonly limits: LoginLimits = defaultLoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when the attempt may proceed. Counts the attempt against the address. */
  admit(username: string, address: string): number {
    const t = this.now();
    const user = this.current(this.byUsername, username.toLowerCase(), t);
    if (user.count >= this.limits.perUsername) return Math.ceil((user.resetsAt - t) / 1000);
    const addr = this.current(this.byAddress, address, t);
    if (addr.count >= this.limits.perAddress) return Math.ceil((addr.resetsAt - t) / 1000);
    addr.count += 1;
    return 0;
  }

  failed(username: string): void {
    this.current(this.byUsername, username.toLowerCase(), this.now()).count += 1;
  }

  succeeded(username: string): void {
    this.byUsername.delete(username.toLowerCase());
  }

  private current(map: Map<string, Window>, key: string, t: number): Window {
    let w = map.get(key);
    if (!w || w.resetsAt <= t) {
      w = { count: 0, resetsAt: t + this.limits.windowSeconds * 1000 };
      map.set(key, w);
      if (map.size > 100_000) this.sweep(map, t);
    }
    return w;
  }

  /** Bounds memory under a flood of distinct keys. */
  private sweep(map: Map<string, Window>, t: number): void {
    for (const [k, w] of map) if (w.resetsAt <= t) map.delete(k);
  }
}
