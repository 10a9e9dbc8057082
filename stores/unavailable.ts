/**
 * "The store cannot do it now": the one error type both ports throw when a store is locked by
 * another connection past a short bound, read-only, out of space, unreachable or closed, as
 * opposed to a request it refuses (a wrong expected revision, a bad update).
 *
 * `EventStoreUnavailableError` (stores/events/port.ts) and `ReadStoreUnavailableError`
 * (stores/reads/port.ts) extend it; a caller that only needs to know "try again later" (the HTTP
 * layer: 503 with `Retry-After`; the projector: wait and retry) catches this base class.
 */

export type StoreName = 'events' | 'reads';

/**
 * Why, as far as the adapter can tell: `locked` (another connection holds the lock past the
 * bound), `read-only` (the file or the server refuses writes), `io` (a disk I/O error), `full`
 * (no space), `cannot-open`, `closed` (this store was closed: it will not come back), or
 * `unreachable` (a server, or anything else).
 */
export type UnavailableReason = 'locked' | 'read-only' | 'io' | 'full' | 'cannot-open' | 'closed' | 'unreachable';

export interface StoreUnavailableOptions extends ErrorOptions {
  reason?: UnavailableReason;
  /** How long a client should wait before trying again. Default 1. */
  retryAfterSeconds?: number;
}

export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
  readonly reason: UnavailableReason;
  readonly retryAfterSeconds: number;

  constructor(
    readonly store: StoreName,
    message: string,
    { reason = 'unreachable', retryAfterSeconds = 1, ...options }: StoreUnavailableOptions = {},
  ) {
    super(message, options);
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
