/**
 * Where a run reads its events: the live subscription (catch-up, then live, never ending), or the
 * log up to a fixed position (rebuild, replay, verify), read with the store's `scan`.
 */
import type { EventStore, StoredEvent } from '../../stores/events/port.js';

export type RunSource =
  /** Catch up from the checkpoint, then follow the log until stopped. */
  | { kind: 'live' }
  /** Catch up to this position (inclusive), then end. */
  | { kind: 'until'; position: number };

export function pagesOf(
  events: EventStore,
  source: RunSource,
  { after, pageSize, signal }: { after: number; pageSize: number; signal: AbortSignal },
): AsyncIterable<StoredEvent[]> {
  return source.kind === 'live'
    ? events.subscribe({ after, pageSize, signal })
    : events.scan({ after, upTo: source.position, pageSize });
}
