/**
 * Small projections for the runtime's tests (and the crash child): a per-stream event counter and
 * a per-type sum of `data.amount`, plus helpers to fill a log with known totals.
 */
import type { Projection } from '../../projection.js';
import type { EventStore, NewEvent, StoredEvent } from '../../../stores/events/port.js';
import { newEvent } from '../../../stores/events/conformance-fixtures.js';

/** `stream_counts`: one document per stream: events seen, sum of revisions, last position. */
export function streamCounter(version = 1): Projection {
  return {
    name: 'stream_counter',
    version,
    collections: { stream_counts: { indexes: [{ keys: { count: 1 } }] } },
    project: (event: StoredEvent) => [
      {
        kind: 'update',
        collection: 'stream_counts',
        filter: { _id: event.stream },
        update: { $inc: { count: 1, revision_sum: event.revision }, $max: { last_position: event.position } },
        upsert: true,
      },
    ],
  };
}

/** `type_totals`: per event type, the number of events and the sum of `data.amount`. */
export function typeTotals(version = 1): Projection {
  return {
    name: 'type_totals',
    version,
    collections: { type_totals: { indexes: [] } },
    project: (event: StoredEvent) => {
      const amount = (event.data as { amount?: unknown }).amount;
      if (typeof amount !== 'number') return [];
      return [
        {
          kind: 'update',
          collection: 'type_totals',
          filter: { _id: event.type },
          update: { $inc: { total: amount, events: 1 } },
          upsert: true,
        },
      ];
    },
  };
}

/** Throws on events of type `Poison`; counts the others per stream. */
export function poisonSensitive(): Projection {
  const counter = streamCounter();
  return {
    ...counter,
    name: 'poison_sensitive',
    collections: { poison_counts: { indexes: [] } },
    project: (event) => {
      if (event.type === 'Poison') throw new Error(`cannot handle ${event.type}`);
      return counter.project(event).map((op) => ({ ...op, collection: 'poison_counts' }));
    },
  };
}

/** The totals the projections must reach for a log written by `appendEvents`. */
export interface Expected {
  streams: Map<string, { count: number; revision_sum: number }>;
  types: Map<string, { total: number; events: number }>;
}

export function emptyExpected(): Expected {
  return { streams: new Map(), types: new Map() };
}

const TYPES = ['Deposited', 'Withdrawn', 'Noted'];

/**
 * Appends `count` events to `streams` streams named `<prefix>-<n>`, `perAppend` events per call,
 * amounts 1..9 (none on `Noted`), and adds them to `expected`.
 */
export async function appendEvents(
  events: EventStore,
  {
    count,
    streams,
    perAppend = 1000,
    prefix = 'account',
  }: { count: number; streams: number; perAppend?: number; prefix?: string },
  expected: Expected,
): Promise<void> {
  let written = 0;
  let call = 0;
  while (written < count) {
    const stream = `${prefix}-${call % streams}`;
    const size = Math.min(perAppend, count - written);
    const batch: NewEvent[] = [];
    const seen = expected.streams.get(stream) ?? { count: 0, revision_sum: 0 };
    for (let i = 0; i < size; i += 1) {
      const type = TYPES[(written + i) % TYPES.length]!;
      const amount = ((written + i) % 9) + 1;
      batch.push(newEvent(type, type === 'Noted' ? { note: 'n' } : { amount }));
      seen.revision_sum += seen.count;
      seen.count += 1;
      if (type !== 'Noted') {
        const totals = expected.types.get(type) ?? { total: 0, events: 0 };
        totals.total += amount;
        totals.events += 1;
        expected.types.set(type, totals);
      }
    }
    expected.streams.set(stream, seen);
    await events.append(stream, batch);
    written += size;
    call += 1;
  }
}

export { newEvent };
