/**
 * Recently folded states by stream, so that a command on a long stream (the user id stream grows
 * by one event per registration) reads only the events appended since. States are immutable and
 * every read still goes to the store from the cached revision on, so a stale entry is merely
 * older, never wrong. Least recently used entries go first (lru-cache).
 */
import { LRUCache } from 'lru-cache';
export interface CachedState<State> {
  revision: number;
  state: State;
}

export class StateCache {
  readonly #entries: LRUCache<string, { owner: object; revision: number; state: unknown }>;

  constructor(readonly capacity = 10_000) {
    this.#entries = new LRUCache({ max: capacity });
  }

  /** The entry of `stream`, if it was folded by this very decider. */
  get<State>(stream: string, decider: object): CachedState<State> | undefined {
    const entry = this.#entries.get(stream);
    if (!entry || entry.owner !== decider) return undefined;
    return { revision: entry.revision, state: entry.state as State };
  }

  set<State>(stream: string, decider: object, cached: CachedState<State>): void {
    const current = this.#entries.peek(stream);
    // Concurrent commands may finish out of order: keep the newest revision.
    if (current && current.owner === decider && current.revision > cached.revision) return;
    this.#entries.set(stream, { owner: decider, ...cached });
  }

  get size(): number {
    return this.#entries.size;
  }
}
