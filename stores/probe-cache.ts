/**
 * Keeps a health probe's answer for a short while (every store adapter's `probe()`): a service
 * polled by a load balancer and a dashboard asks its stores at most once per `ttlMs` and mode,
 * and callers that ask while a probe runs share it.
 */

/** How long an answer, good or bad, is kept. */
export const PROBE_TTL_MS = 1500;

interface Answer {
  at: number;
  error?: unknown;
}

export class ProbeCache<Mode extends string = string> {
  readonly #answers = new Map<Mode, Answer>();
  readonly #running = new Map<Mode, Promise<void>>();

  constructor(private readonly ttlMs = PROBE_TTL_MS) {}

  /** The kept answer for `mode` while fresh, else that of `probe()` (run once for every caller). */
  check(mode: Mode, probe: () => Promise<void>): Promise<void> {
    const running = this.#running.get(mode);
    if (running) return running;
    const known = this.#answers.get(mode);
    if (known && performance.now() - known.at < this.ttlMs) {
      return 'error' in known ? Promise.reject(known.error) : Promise.resolve();
    }
    const answer = probe().then(
      () => {
        this.#answers.set(mode, { at: performance.now() });
      },
      (error: unknown) => {
        this.#answers.set(mode, { at: performance.now(), error });
        throw error;
      },
    );
    const shared = answer.finally(() => this.#running.delete(mode));
    shared.catch(() => {}); // each caller gets the rejection; this copy must not go unhandled
    this.#running.set(mode, shared);
    return shared;
  }
}
