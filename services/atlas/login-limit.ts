/**
 * Login throttling, after OWASP's Authentication Cheat Sheet. Three rules; each refuses an attempt
 * *before* its password is checked, so a refusal (429) says nothing about the password, also when
 * the password was right. The numbers, and what an attacker can and cannot do against each rule,
 * are in docs/security.md.
 *
 * 1. **Pair lockout**, keyed by (username, address): `pair.failures` failed logins within
 *    `pair.windowSeconds` of the first one lock that pair for `pair.lockSeconds` after the last.
 *    The same user from another address is not affected, nor another user from this address.
 * 2. **Username delay**, failures from every address together: the first `username.freeFailures`
 *    cost nothing; after that, each attempt is only checked once `baseDelay · 2^(f − free)` seconds
 *    (at most `maxDelay`) have passed since the last failure, `f` being the failures so far. The
 *    failures are forgotten `forgetAfterSeconds` after the last one. It slows guessing from many
 *    addresses without ever locking: the owner waits at most `maxDelay`. A pair that logged in
 *    successfully in the last `knownPairSeconds` skips this rule (not the other two), so an
 *    attacker elsewhere cannot hold the owner back at an address they already use.
 * 3. **Address limit**, failures for any usernames from one address: `address.failures` within
 *    `address.windowSeconds` block the address for `address.lockSeconds`. It bounds password
 *    spraying. Only failures count, and a success resets nothing, so the users behind a shared
 *    address (NAT, office) are refused only after that address produced many failures.
 *
 * The username is folded to lower case, as the username reservation does (`streams.ts`). An IPv6
 * address counts by its /64, the block one subscriber is usually given; an IPv4-mapped IPv6
 * address counts as its IPv4 address. The client address is Koa's `ctx.ip`, the socket's peer
 * (X-Forwarded-For is not trusted: the app does not set `proxy`).
 *
 * An attempt counts as a failure from the moment it is admitted until it settles, because the
 * password check is asynchronous: many concurrent attempts cannot all pass a limit before the first
 * one fails. The state is in memory, per process, on the service's clock, and bounded: each table
 * keeps at most `maxEntries` entries, least recently used out first.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { LRUCache } from 'lru-cache';

/** Locks a key for `lockSeconds` once it has `failures` failures within `windowSeconds` of its first. */
export interface LockoutRule {
  failures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** After `freeFailures`, each attempt waits `baseDelaySeconds · 2^(f − freeFailures)`, at most `maxDelaySeconds`, after the last failure. */
export interface DelayRule {
  freeFailures: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** The failures are forgotten this long after the last one. */
  forgetAfterSeconds: number;
}

export interface LoginLimits {
  /** Per (username, address). */
  pair: LockoutRule;
  /** Per username, from any address. */
  username: DelayRule;
  /** Per address, any usernames. */
  address: LockoutRule;
  /** How long a successful login exempts its (username, address) from the username delay. */
  knownPairSeconds: number;
  /** The most entries each table keeps (failures per pair, per username, per address; known pairs). */
  maxEntries: number;
}

const MINUTE = 60;

export const defaultLoginLimits: LoginLimits = {
  pair: { failures: 10, windowSeconds: 15 * MINUTE, lockSeconds: 15 * MINUTE },
  username: { freeFailures: 5, baseDelaySeconds: 1, maxDelaySeconds: 5 * MINUTE, forgetAfterSeconds: 60 * MINUTE },
  address: { failures: 100, windowSeconds: 15 * MINUTE, lockSeconds: 15 * MINUTE },
  knownPairSeconds: 30 * 24 * 60 * MINUTE,
  maxEntries: 50_000,
};

/** An admitted attempt: tell the limiter how it ended, once (later calls are ignored). */
export interface LoginAttempt {
  failed(): void;
  succeeded(): void;
  /** The password was not checked (the store failed, say): the attempt counts for nothing. */
  abandoned(): void;
}

export type Admission = { admitted: true; attempt: LoginAttempt } | { admitted: false; retryAfterSeconds: number };

/** How long to wait when a limit is full only because of attempts still being checked. */
const IN_FLIGHT_WAIT_MS = 1000;

interface Lockout {
  failures: number;
  windowEndsAt: number;
  /** 0 while not locked. */
  lockedUntil: number;
}

interface Delay {
  failures: number;
  lastFailureAt: number;
}

/** The key of a client address: IPv4 as is, IPv6 by its /64, an IPv4-mapped IPv6 address as its IPv4 address. */
export function addressKey(ip: string): string {
  const bare = ip.split('%', 1)[0]!.toLowerCase(); // without a zone (`fe80::1%eth0`)
  if (!isIPv6(bare)) return bare;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail as two groups). */
function ipv6Groups(address: string): number[] {
  const parse = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!isIPv4(g)) return [parseInt(g, 16)];
          const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = address.split('::');
  const first = parse(head);
  if (tail === undefined) return first;
  const last = parse(tail);
  return [...first, ...Array<number>(8 - first.length - last.length).fill(0), ...last];
}

export class LoginLimiter {
  private readonly limits: LoginLimits;
  private readonly pairs: LRUCache<string, Lockout>;
  private readonly usernames: LRUCache<string, Delay>;
  private readonly addresses: LRUCache<string, Lockout>;
  /** (username, address) → until when it counts as known. */
  private readonly known: LRUCache<string, number>;
  /** Attempts admitted and not settled yet, per table key; an entry lives only while non-zero. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    limits: LoginLimits = defaultLoginLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.limits = checked(limits);
    const max = limits.maxEntries;
    this.pairs = new LRUCache({ max });
    this.usernames = new LRUCache({ max });
    this.addresses = new LRUCache({ max });
    this.known = new LRUCache({ max });
  }

  /**
   * Whether this attempt may have its password checked now; if not, in how many seconds to try
   * again (the longest wait of the rules that refuse it). An admitted attempt must be settled.
   */
  admit(username: string, ip: string): Admission {
    const t = this.now();
    const user = username.toLowerCase();
    const address = addressKey(ip);
    const pair = pairKey(user, address);
    const keys = { pair: `p ${pair}`, user: `u ${user}`, address: `a ${address}` };

    const knownUntil = this.known.get(pair);
    if (knownUntil !== undefined && knownUntil <= t) this.known.delete(pair);
    const exempt = knownUntil !== undefined && knownUntil > t;

    const waitMs = Math.max(
      this.lockoutWait(this.pairs, pair, this.limits.pair, this.pending(keys.pair), t),
      exempt ? 0 : this.delayWait(user, this.pending(keys.user), t),
      this.lockoutWait(this.addresses, address, this.limits.address, this.pending(keys.address), t),
    );
    if (waitMs > 0) return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };

    for (const key of Object.values(keys)) this.inFlight.set(key, this.pending(key) + 1);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      for (const key of Object.values(keys)) {
        const left = this.pending(key) - 1;
        if (left > 0) this.inFlight.set(key, left);
        else this.inFlight.delete(key);
      }
      outcome();
    };
    return {
      admitted: true,
      attempt: {
        failed: () =>
          settle(() => {
            const at = this.now();
            this.recordLockoutFailure(this.pairs, pair, this.limits.pair, at);
            this.recordLockoutFailure(this.addresses, address, this.limits.address, at);
            this.recordDelayFailure(user, at);
          }),
        succeeded: () =>
          settle(() => {
            // The owner proved themselves from here: this pair starts afresh and is known. The
            // username's failures stay (they may come from elsewhere), as do the address's.
            this.pairs.delete(pair);
            this.known.set(pair, this.now() + this.limits.knownPairSeconds * 1000);
          }),
        abandoned: () => settle(() => {}),
      },
    };
  }

  /** How many entries each table holds (attempts in flight: keys with one or more). */
  sizes(): { pairs: number; usernames: number; addresses: number; knownPairs: number; inFlight: number } {
    return {
      pairs: this.pairs.size,
      usernames: this.usernames.size,
      addresses: this.addresses.size,
      knownPairs: this.known.size,
      inFlight: this.inFlight.size,
    };
  }

  private pending(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  /** The entry while its window or lock lasts; an expired one is dropped. */
  private liveLockout(table: LRUCache<string, Lockout>, key: string, t: number): Lockout | undefined {
    const entry = table.get(key);
    if (entry === undefined) return undefined;
    const endsAt = entry.lockedUntil > 0 ? entry.lockedUntil : entry.windowEndsAt;
    if (endsAt > t) return entry;
    table.delete(key);
    return undefined;
  }

  private lockoutWait(
    table: LRUCache<string, Lockout>,
    key: string,
    rule: LockoutRule,
    pending: number,
    t: number,
  ): number {
    const entry = this.liveLockout(table, key, t);
    if (entry !== undefined && entry.lockedUntil > 0) return entry.lockedUntil - t;
    return (entry?.failures ?? 0) + pending >= rule.failures ? IN_FLIGHT_WAIT_MS : 0;
  }

  private recordLockoutFailure(table: LRUCache<string, Lockout>, key: string, rule: LockoutRule, t: number): void {
    const entry = this.liveLockout(table, key, t) ?? {
      failures: 0,
      windowEndsAt: t + rule.windowSeconds * 1000,
      lockedUntil: 0,
    };
    entry.failures += 1;
    if (entry.failures >= rule.failures) entry.lockedUntil = t + rule.lockSeconds * 1000;
    table.set(key, entry);
  }

  private liveDelay(user: string, t: number): Delay | undefined {
    const entry = this.usernames.get(user);
    if (entry === undefined) return undefined;
    if (entry.lastFailureAt + this.limits.username.forgetAfterSeconds * 1000 > t) return entry;
    this.usernames.delete(user);
    return undefined;
  }

  private delayWait(user: string, pending: number, t: number): number {
    const rule = this.limits.username;
    const entry = this.liveDelay(user, t);
    const failures = entry?.failures ?? 0;
    if (failures + pending < rule.freeFailures) return 0;
    // Past the free failures, one attempt at a time: wait for the one being checked.
    if (pending > 0) return IN_FLIGHT_WAIT_MS;
    if (entry === undefined) return 0;
    return Math.max(0, entry.lastFailureAt + usernameDelayMs(rule, failures) - t);
  }

  private recordDelayFailure(user: string, t: number): void {
    const entry = this.liveDelay(user, t) ?? { failures: 0, lastFailureAt: t };
    entry.failures += 1;
    entry.lastFailureAt = t;
    this.usernames.set(user, entry);
  }
}

/** The wait after `failures` failures of a username: 0 while they are free, then doubling from the base up to the cap. */
export function usernameDelayMs(rule: DelayRule, failures: number): number {
  if (failures < rule.freeFailures) return 0;
  const doublings = Math.min(failures - rule.freeFailures, 40);
  return Math.min(rule.maxDelaySeconds, rule.baseDelaySeconds * 2 ** doublings) * 1000;
}

/** NUL cannot occur in an address, so no two (username, address) pairs share a key. */
const pairKey = (user: string, address: string) => `${address}\u0000${user}`;

function checked(limits: LoginLimits): LoginLimits {
  const positive = (name: string, value: number) => {
    if (!(Number.isFinite(value) && value > 0))
      throw new RangeError(`login limits: ${name} must be positive, got ${value}`);
  };
  for (const rule of ['pair', 'address'] as const) {
    for (const field of ['failures', 'windowSeconds', 'lockSeconds'] as const)
      positive(`${rule}.${field}`, limits[rule][field]);
  }
  const { username } = limits;
  if (!(Number.isInteger(username.freeFailures) && username.freeFailures >= 0)) {
    throw new RangeError(`login limits: username.freeFailures must be a whole number, got ${username.freeFailures}`);
  }
  positive('username.baseDelaySeconds', username.baseDelaySeconds);
  positive('username.maxDelaySeconds', username.maxDelaySeconds);
  if (!(username.forgetAfterSeconds >= username.maxDelaySeconds)) {
    throw new RangeError('login limits: username.forgetAfterSeconds must be at least username.maxDelaySeconds');
  }
  positive('knownPairSeconds', limits.knownPairSeconds);
  if (!(Number.isInteger(limits.maxEntries) && limits.maxEntries > 0))
    throw new RangeError(`login limits: maxEntries must be a positive whole number`);
  return limits;
}
