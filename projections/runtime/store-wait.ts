/**
 * Waiting out a store that cannot do it now, for one projection run (`runner.ts`, `commit.ts`).
 *
 * A store that is locked by another process, read-only, or unreachable for a while fails each
 * attempt with a `StoreUnavailableError` after a short bound of its own (about a second on the
 * embedded stores, never blocking the thread). The run then tries the same step again, after
 * 50 ms, doubling up to 1 s between attempts, for as long as it takes: the batch and its
 * checkpoint are the same each time, and a store applies a batch at most once (its checkpoint
 * must move forward), so nothing is lost or applied twice. Meanwhile `state` says so, for
 * `/healthz` and `atlas lag`; the run resumes on its own with the first attempt that succeeds.
 *
 * A closed store is not waited for (it will not come back), and neither is anything when the run
 * is being stopped: the step then fails with the store's error, and the run ends.
 */
import { StoreUnavailableError, type StoreName } from '../../stores/unavailable.js';
import type { Logger } from './logger.js';

/** What a run waiting for a store shows. */
export interface Retrying {
  store: StoreName;
  /** When the first failed attempt of this outage was made (ISO 8601). */
  since: string;
  attempts: number;
  /** The last error, e.g. `read store …: locked by another connection (SQLITE_BUSY)`. */
  error: string;
}

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 1000;

/** Whether `error` is an outage worth waiting out. */
export const isPassingOutage = (error: unknown): error is StoreUnavailableError =>
  error instanceof StoreUnavailableError && error.reason !== 'closed';

export class StoreWait {
  #retrying: Retrying | undefined;

  constructor(
    private readonly signal: AbortSignal,
    private readonly logger: Logger,
    private readonly about: Record<string, unknown>,
  ) {}

  /** Set while a step waits for a store; undefined otherwise. */
  get state(): Retrying | undefined {
    return this.#retrying ? { ...this.#retrying } : undefined;
  }

  /** `attempt()`, again and again while it fails with a passing outage (see the header). */
  async until<T>(attempt: () => Promise<T>): Promise<T> {
    for (let failures = 0; ; failures += 1) {
      try {
        const value = await attempt();
        this.recovered();
        return value;
      } catch (error) {
        if (!isPassingOutage(error) || this.signal.aborted) throw error;
        this.failed(error);
        await this.backoff(failures);
        if (this.signal.aborted) throw error;
      }
    }
  }

  /** Records a failed attempt (also for callers that retry in their own way). */
  failed(error: StoreUnavailableError): void {
    if (this.#retrying && this.#retrying.store === error.store) {
      this.#retrying.attempts += 1;
      this.#retrying.error = error.message;
      return;
    }
    this.#retrying = { store: error.store, since: new Date().toISOString(), attempts: 1, error: error.message };
    this.logger.warn(
      { ...this.about, store: error.store, reason: error.reason, error: error.message },
      `${error.store === 'reads' ? 'read' : 'event'} store unavailable: waiting and retrying`,
    );
  }

  /** The step went through: the outage, if any, is over. */
  recovered(): void {
    if (!this.#retrying) return;
    const { store, since, attempts } = this.#retrying;
    this.#retrying = undefined;
    this.logger.info(
      { ...this.about, store, since, attempts },
      `${store === 'reads' ? 'read' : 'event'} store available again: resuming`,
    );
  }

  /** The pause after `failures` failed attempts in a row (50 ms, doubling up to 1 s), cut short by a stop. */
  backoff(failures: number): Promise<void> {
    return this.pause(Math.min(FIRST_DELAY_MS * 2 ** failures, MAX_DELAY_MS));
  }

  /** Waits `ms`, or less when the run is stopped. */
  pause(ms: number): Promise<void> {
    if (this.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.signal.addEventListener('abort', done);
    });
  }
}
