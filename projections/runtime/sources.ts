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

/** The log after `after` up to `upTo`, page by page (the store's sequential `scan`). */
export function pagesUpTo(events: EventStore, { after, upTo, pageSize }: { after: number; upTo: number; pageSize: number }): AsyncIterable<StoredEvent[]> {
  return events.scan({ after, upTo, pageSize });
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
