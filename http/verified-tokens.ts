/**
 * Tokens already verified, so that a client's next requests with the same token skip the ES256
 * signature check (~0.1 ms of CPU each, the largest single cost of a cheap request). The key is
 * the whole token string, byte for byte: a token that differs in any bit is a miss and is verified
 * in full. An entry never outlives the token's `exp`, nor `maxAgeMs` (so that a key withdrawn from
 * the JWKS stops being honoured within that time, as with jwks-rsa's own key cache), and the
 * oldest entries go first when `capacity` is reached.
 */
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
  readonly #entries = new Map<string, { user: AtlasUser; until: number }>();
  readonly #maxAgeMs: number;
  readonly #capacity: number;
  readonly #now: () => number;

  constructor({ maxAgeMs = 60_000, capacity = 10_000, now = Date.now }: VerifiedTokensOptions = {}) {
    this.#maxAgeMs = maxAgeMs;
    this.#capacity = capacity;
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
    const until = Math.min(exp * 1000, this.#now() + this.#maxAgeMs);
    if (!(until > this.#now())) return;
    this.#entries.delete(token);
    this.#entries.set(token, { user, until });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
