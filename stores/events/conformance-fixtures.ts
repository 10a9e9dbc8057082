/**
 * Building blocks of the EventStore conformance suite: events (new, and as stored), unique stream
 * names, a background subscriber, and a poll-with-deadline wait.
 *
 * The suite must pass on a log that is not empty and that others may write to (a shared
 * EventStoreDB), so every test uses fresh stream names and looks only at its own streams.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { EventMetadata, EventStore, NewEvent, StoredEvent } from './port.js';

/** What each part of the suite is handed: the store opened for the running test. */
export interface ConformanceContext {
  store(): EventStore;
}

/** A new event with fresh ids; `metadata` overrides the defaults (user 7, now, schema version 1). */
export function newEvent(
  type = 'ThingHappened',
  data: unknown = { n: 1 },
  metadata: Partial<EventMetadata> = {},
): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      correlation_id: randomUUID(),
      causation_id: null,
      user_id: 7,
      occurred_at: new Date().toISOString(),
      schema_version: 1,
      ...metadata,
    },
  };
}

/**
 * `event` as the store hands it back: `at` overrides where it stands (stream `s`, revision 0,
 * position 1, recorded when it occurred).
 */
export function storedEvent(
  event: NewEvent,
  at: Partial<Pick<StoredEvent, 'stream' | 'revision' | 'position' | 'recorded_at'>> = {},
): StoredEvent {
  return { ...event, stream: 's', revision: 0, position: 1, recorded_at: event.metadata.occurred_at, ...at };
}

export function newEvents(count: number, type = 'ThingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent(type, { n }));
}

/** A stream name no other test uses. */
export function streamName(label: string): string {
  return `${label}-${randomUUID()}`;
}

/** What a caller gave, as it reads back from the store. */
export function asGiven(event: StoredEvent): NewEvent {
  return { id: event.id, type: event.type, data: event.data, metadata: event.metadata };
}

/** Polls `check` until it returns something other than undefined/false, failing after the deadline. */
export async function until<T>(what: string, check: () => T | undefined | false, deadlineMs = 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]!);
}

export interface Subscriber {
  /** Delivered events that `keep` accepted, in delivery order. */
  readonly events: StoredEvent[];
  /** Positions of every delivered event, kept or not. */
  readonly positions: number[];
  /** Size of every delivered page. */
  readonly pageSizes: number[];
  /** Set when the subscription threw. */
  readonly failure: () => unknown;
  /** Resolves when the iterator has ended. */
  readonly finished: Promise<void>;
  /** Aborts the subscription and waits for the iterator to end. */
  stop(): Promise<void>;
}

/** Runs a subscription in the background; `slow` makes the consumer yield between pages. */
export function subscriber(
  store: EventStore,
  options: { after: number; pageSize?: number; keep?: (event: StoredEvent) => boolean; slow?: boolean },
): Subscriber {
  const controller = new AbortController();
  const events: StoredEvent[] = [];
  const positions: number[] = [];
  const pageSizes: number[] = [];
  let failure: unknown;
  const finished = (async () => {
    const pages = store.subscribe({ after: options.after, pageSize: options.pageSize, signal: controller.signal });
    for await (const page of pages) {
      pageSizes.push(page.length);
      for (const event of page) {
        positions.push(event.position);
        if (!options.keep || options.keep(event)) events.push(event);
      }
      if (options.slow) await yieldToLoop();
    }
  })().catch((error: unknown) => {
    failure = error;
  });
  return {
    events,
    positions,
    pageSizes,
    failure: () => failure,
    finished,
    async stop() {
      controller.abort();
      await finished;
    },
  };
}

/** Waits until the subscriber holds at least `count` kept events (or fails loudly). */
export function received(sub: Subscriber, count: number): Promise<true> {
  return until(`${count} events from the subscription`, () => {
    if (sub.failure()) throw sub.failure();
    return sub.events.length >= count;
  });
}
