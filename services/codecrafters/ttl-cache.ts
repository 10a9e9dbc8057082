/**
 * A small read-through cache for facts that change rarely or never (a task's organization, a
 * user's personal organization), so the ingest path reads each once per `ttlMs` instead of once
 * per batch. Concurrent misses share one load. Values that `keep` refuses (e.g. "not found yet")
 * and failed loads are not kept: the next call asks again.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: Promise<V>; at: number }>();

  constructor(
    readonly ttlMs: number,
    readonly capacity = 10_000,
    private readonly keep: (value: V) => boolean = () => true,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const entry = this.#entries.get(key);
    if (entry && now - entry.at < this.ttlMs) return entry.value;
    const value = load();
    this.#store(key, value, now);
    value.then(
      (loaded) => {
        if (!this.keep(loaded) && this.#entries.get(key)?.value === value) this.#entries.delete(key);
      },
      () => {
        if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
      },
    );
    return value;
  }

  /** Sets a value known to be current (e.g. what this process just wrote). */
  prime(key: string, value: V): void {
    this.#store(key, Promise.resolve(value), Date.now());
  }

  #store(key: string, value: Promise<V>, at: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, at });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }
}
