/**
 * The newest stretch of the log, read and parsed once and shared by every subscription of one
 * store.
 * The projector runs one subscription per projection (nine today), all near the head: without
 * this, each new event would be selected and JSON-parsed once per projection.
 *
 * The cache holds exactly the events with `after < position <= end` (a page read from SQLite is a
 * gap-free prefix of what follows its `after`, see `sqlite-subscription.ts`), so serving a read
 * from it gives what SQLite would have given. It only ever grows at its end, from pages read right
 * after it, and forgets its oldest events past `capacity`; reads from before it go to SQLite.
 *
 * Shared events are frozen (deeply): a reader that tried to change one would otherwise change it
 * for every other reader. Events are facts; no reader has reason to write to them.
 */
import type { StoredEvent } from './port.js';

export class TailCache {
  #after = 0;
  #events: StoredEvent[] = [];

  constructor(readonly capacity = 10_000) {}

  /** Position of the newest event known (or `after` when none). */
  get end(): number {
    return this.#events.at(-1)?.position ?? this.#after;
  }

  /** The first `limit` events after `after`, when the cache covers `after`; else undefined. */
  read(after: number, limit: number): StoredEvent[] | undefined {
    if (after < this.#after || after > this.end) return undefined;
    const events = this.#events;
    // Positions are strictly increasing: binary search for the first one after `after`.
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (events[middle]!.position <= after) low = middle + 1;
      else high = middle;
    }
    return events.slice(low, limit < 0 ? undefined : low + limit);
  }

  /**
   * Records what SQLite gave for a read right after `from`: appended when `from` is the cache's
   * end, a fresh start when it is past it, ignored when it is older. Returns the events, frozen.
   */
  remember(from: number, page: StoredEvent[]): StoredEvent[] {
    for (const event of page) deepFreeze(event);
    if (from === this.end) {
      for (const event of page) this.#events.push(event);
    } else if (from > this.end) {
      this.#after = from;
      this.#events = page.slice();
    }
    if (this.#events.length > 2 * this.capacity) {
      const dropped = this.#events.length - this.capacity;
      this.#after = this.#events[dropped - 1]!.position;
      this.#events = this.#events.slice(dropped);
    }
    return page;
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
}
