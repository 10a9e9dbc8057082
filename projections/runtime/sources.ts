/**
 * Where a run reads its events: the live subscription (catch-up, then live, never ending), or the
 * log up to a fixed position (rebuild, replay, verify), read page by page on demand.
 */
import type { EventStore, StoredEvent } from '../../stores/events/port.js';

export type RunSource =
  /** Catch up from the checkpoint, then follow the log until stopped. */
  | { kind: 'live' }
  /** Catch up to this position (inclusive), then end. */
  | { kind: 'until'; position: number };

export async function* pagesUpTo(
  events: EventStore,
  { after, upTo, pageSize }: { after: number; upTo: number; pageSize: number },
): AsyncGenerator<StoredEvent[], void, undefined> {
  let cursor = after;
  while (cursor < upTo) {
    const page = await events.readAll({ after: cursor, limit: pageSize });
    const last = page[page.length - 1];
    if (!last) return;
    if (last.position <= upTo) {
      yield page;
      cursor = last.position;
      continue;
    }
    const within = page.filter((event) => event.position <= upTo);
    if (within.length > 0) yield within;
    return;
  }
}

export function pagesOf(
  events: EventStore,
  source: RunSource,
  { after, pageSize, signal }: { after: number; pageSize: number; signal: AbortSignal },
): AsyncIterable<StoredEvent[]> {
  return source.kind === 'live'
    ? events.subscribe({ after, pageSize, signal })
    : pagesUpTo(events, { after, upTo: source.position, pageSize });
}
