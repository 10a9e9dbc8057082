/**
 * The append rules every adapter shares (pure): how an expected revision is judged, and how a
 * batch is cleaned of repeated ids before the idempotency check against the store.
 */
import type { ExpectedRevision } from './port.js';

/** Does a stream whose last revision is `actual` (-1: no event yet) satisfy `expected`? */
export function holds(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return actual === expected;
}

/** The batch without repeated ids (the first one wins): a retried batch may carry an event twice. */
export function distinctById<E extends { id: string }>(events: readonly E[], key = (id: string) => id): readonly E[] {
  const seen = new Set<string>();
  const distinct = events.filter((event) => {
    const id = key(event.id);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return distinct.length === events.length ? events : distinct;
}
