/**
 * How far a projection is behind the log, for `/healthz` and `atlas lag`.
 */
import type { EventStore } from '../../stores/events/port.js';

export interface Lag {
  /** Position of the last event applied (the checkpoint). */
  position: number;
  /** Position of the last event in the log. */
  head_position: number;
  /**
   * `head_position - position`: the number of events still to apply on the embedded store, whose
   * positions are dense; on EventStoreDB (sparse log offsets) only a distance.
   */
  events_behind: number;
  /** `recorded_at` of the head minus that of the last event applied (0 when caught up). */
  seconds_behind: number;
  caught_up: boolean;
}

async function firstAfter(events: EventStore, position: number): Promise<string | undefined> {
  const [event] = await events.readAll({ after: position, limit: 1 });
  return event?.recorded_at;
}

/**
 * The `recorded_at` of the event at `position`. Positions are dense on the embedded store, so the
 * first event after `position - 1` is the one. EventStoreDB only accepts positions it handed out:
 * there, the head counts as recorded now, and the last applied event as the first one after it.
 */
function recordedAt(events: EventStore, position: number, role: 'head' | 'applied'): Promise<string | undefined> {
  if (events.kind === 'sqlite') return firstAfter(events, Math.max(0, position - 1));
  return role === 'head' ? Promise.resolve(new Date().toISOString()) : firstAfter(events, position);
}

/**
 * The lag of a read model whose checkpoint is `position`. Pass the `recorded_at` of the event at
 * `position` when known, to save a read.
 */
export async function measureLag(events: EventStore, position: number, lastRecordedAt?: string): Promise<Lag> {
  const head = await events.headPosition();
  if (position >= head) {
    return { position, head_position: head, events_behind: 0, seconds_behind: 0, caught_up: true };
  }
  const [headAt, lastAt] = await Promise.all([
    recordedAt(events, head, 'head'),
    // Nothing applied yet: count from the first event of the log.
    lastRecordedAt ?? (position > 0 ? recordedAt(events, position, 'applied') : firstAfter(events, 0)),
  ]);
  const seconds = headAt && lastAt ? Math.max(0, (Date.parse(headAt) - Date.parse(lastAt)) / 1000) : 0;
  return { position, head_position: head, events_behind: head - position, seconds_behind: seconds, caught_up: false };
}
