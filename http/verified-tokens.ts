/**
 * Tokens already verified, so that a client's next requests with the same token skip the ES256
 * signature check (~0.1 ms of CPU each, the largest single cost of a cheap request). The key is
 * the whole token string, byte for byte: a token that differs in any bit is a miss and is verified
 * in full. An entry never outlives the token's `exp`, nor `maxAgeMs` (so that a key withdrawn from
 * the JWKS stops being honoured within that time, as with jwks-rsa's own key cache), and the least
 * recently used entries go first when `capacity` is reached (lru-cache). The token's own end is
 * checked against `now` here, so that it holds to the millisecond (a token is expired at `exp`).
 */
import { LRUCache } from 'lru-cache';
import type { AtlasUser } from './user.js';

export interface VerifiedTokensOptions {
  /** Default 60 s. */
  maxAgeMs?: number;
  /** Default 10,000 tokens. */
  capacity?: number;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

export class VerifiedTokens {
  readonly #entries: LRUCache<string, { user: AtlasUser; until: number }>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor({ maxAgeMs = 60_000, capacity = 10_000, now = Date.now }: VerifiedTokensOptions = {}) {
    this.#entries = new LRUCache({ max: capacity, ttl: maxAgeMs });
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
  }

  /** The user of a token verified before and still within its lifetime here; else undefined. */
  get(token: string): AtlasUser | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (this.#now() < entry.until) return entry.user;
    this.#entries.delete(token);
    return undefined;
  }

  /** Remembers a token that just passed full verification; `exp` is its claim, in seconds. */
  remember(token: string, user: AtlasUser, exp: number): void {
    const now = this.#now();
    const until = Math.min(exp * 1000, now + this.#maxAgeMs);
    if (!(until > now)) return;
    this.#entries.set(token, { user, until }, { ttl: until - now });
  }

  get size(): number {
    return this.#entries.size;
  }
}
