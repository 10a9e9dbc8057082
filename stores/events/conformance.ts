/**
 * The EventStore conformance suite: every adapter runs it (`sqlite.test.ts`, `esdb.test.ts`).
 * Appends and reads live here; subscriptions in `conformance-subscribe.ts`; concurrency and volume
 * in `conformance-load.ts`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  asGiven,
  isStrictlyIncreasing,
  newEvent,
  newEvents,
  streamName,
  type ConformanceContext,
} from './conformance-fixtures.js';
import { describeLoadConformance } from './conformance-load.js';
import { describeSubscribeConformance } from './conformance-subscribe.js';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type StoredEvent,
} from './port.js';

export type { ConformanceContext } from './conformance-fixtures.js';

export function describeEventStoreConformance(name: string, open: () => Promise<EventStore> | EventStore): void {
  describe(`EventStore conformance: ${name}`, () => {
    let current: EventStore | undefined;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const context: ConformanceContext = {
      store: () => {
        if (!current) throw new Error('no store open');
        return current;
      },
    };
    describeAppendConformance(context);
    describeSubscribeConformance(context);
    describeLoadConformance(context);
    describeProbeConformance(context);
  });
}

function describeProbeConformance({ store }: ConformanceContext): void {
  it('probe() resolves while the store takes writes, and rejects with EventStoreUnavailableError once it is closed', async () => {
    await store().probe();
    await store().probe(); // kept: answered again at once
    await store().append(streamName('probed'), [newEvent()]);
    await store().close();
    const error = await store()
      .probe()
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(error).toMatchObject({ store: 'events', reason: 'closed', retryAfterSeconds: 1 });
  });
}

/** Appends `events`, expecting a WrongExpectedRevisionError with these fields, and that nothing was written. */
async function expectRejected(
  store: EventStore,
  stream: string,
  events: NewEvent[],
  expected: ExpectedRevision,
  actual: number,
): Promise<void> {
  const before = await store.readStream(stream);
  const head = await store.headPosition();
  const error = await store.append(stream, events, { expectedRevision: expected }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ stream, expected, actual });
  expect(await store.readStream(stream)).toEqual(before);
  const ids = new Set(events.map((event) => event.id));
  expect((await store.readAll({ after: head })).filter((event) => ids.has(event.id))).toEqual([]);
}

function describeAppendConformance({ store }: ConformanceContext): void {
  it('appends events and reads them back with their stream, revisions and increasing positions', async () => {
    const stream = streamName('order');
    const events = [
      newEvent('Opened', { a: 1 }),
      newEvent('Noted', { list: [1, 'two', null] }),
      newEvent('Closed', {}),
    ];
    const first = await store().append(stream, events, { expectedRevision: 'no_stream' });
    expect(first).toMatchObject({ nextRevision: 2, appended: 3 });

    const stored = await store().readStream(stream);
    expect(stored.map(asGiven)).toEqual(events);
    expect(stored.map((event) => event.stream)).toEqual([stream, stream, stream]);
    expect(stored.map((event) => event.revision)).toEqual([0, 1, 2]);
    expect(isStrictlyIncreasing(stored.map((event) => event.position))).toBe(true);
    expect(stored[0]!.position).toBeGreaterThan(0);
    expect(first.position).toBe(stored[2]!.position);
    for (const event of stored) expect(new Date(event.recorded_at).toISOString()).toBe(event.recorded_at);

    const more = newEvents(2);
    const second = await store().append(stream, more, { expectedRevision: 2 });
    expect(second).toMatchObject({ nextRevision: 4, appended: 2 });
    const all = await store().readStream(stream);
    expect(all.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
    expect(all[3]!.position).toBeGreaterThan(first.position);
    expect(second.position).toBe(all[4]!.position);
  });

  it('reads a stream from a revision, with a limit, and an unknown stream as empty', async () => {
    const stream = streamName('ledger');
    const events = newEvents(6);
    await store().append(stream, events);
    const middle = await store().readStream(stream, { fromRevision: 2, limit: 3 });
    expect(middle.map((event) => event.revision)).toEqual([2, 3, 4]);
    expect(middle.map((event) => event.id)).toEqual(events.slice(2, 5).map((event) => event.id));
    expect(await store().readStream(stream, { fromRevision: 6 })).toEqual([]);
    expect(await store().readStream(streamName('nothing'))).toEqual([]);
  });

  it('checks no_stream, stream_exists, a revision and any; a rejected append writes nothing', async () => {
    const stream = streamName('account');
    await expectRejected(store(), stream, [newEvent()], 'stream_exists', -1);
    await expectRejected(store(), stream, [newEvent()], 0, -1);
    expect((await store().append(stream, [newEvent()], { expectedRevision: 'no_stream' })).nextRevision).toBe(0);

    await expectRejected(store(), stream, [newEvent()], 'no_stream', 0);
    expect((await store().append(stream, [newEvent()], { expectedRevision: 'stream_exists' })).nextRevision).toBe(1);
    expect((await store().append(stream, newEvents(2), { expectedRevision: 1 })).nextRevision).toBe(3);
    await expectRejected(store(), stream, newEvents(2), 1, 3);
    await expectRejected(store(), stream, [newEvent()], 4, 3);
    expect((await store().append(stream, [newEvent()], { expectedRevision: 'any' })).nextRevision).toBe(4);
    expect((await store().append(stream, [newEvent()])).nextRevision).toBe(5);
    expect((await store().append(streamName('fresh'), [newEvent()], { expectedRevision: 'any' })).nextRevision).toBe(0);
    expect((await store().readStream(stream)).map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('is idempotent by event id: the same batch twice is a no-op success with the same positions', async () => {
    const stream = streamName('cart');
    const batch = newEvents(2);
    const first = await store().append(stream, batch, { expectedRevision: 'no_stream' });
    // A retried command sends the same batch with the same (now stale) expectation.
    const again = await store().append(stream, batch, { expectedRevision: 'no_stream' });
    expect(again).toEqual({ nextRevision: first.nextRevision, position: first.position, appended: 0 });
    expect(await store().append(stream, [batch[0]!], { expectedRevision: 7 })).toMatchObject({ appended: 0 });

    // Partly stored: only the new event is appended, checked against the stream as it is.
    const third = newEvent();
    const partly = await store().append(stream, [batch[1]!, third], { expectedRevision: 1 });
    expect(partly).toMatchObject({ nextRevision: 2, appended: 1 });
    await expectRejected(store(), stream, [batch[0]!, newEvent()], 1, 2);

    // The same id twice in one batch is stored once.
    const twice = newEvent();
    expect(await store().append(stream, [twice, twice])).toMatchObject({ nextRevision: 3, appended: 1 });

    const stored = await store().readStream(stream);
    expect(stored.map((event) => event.id)).toEqual([...batch, third, twice].map((event) => event.id));
  });

  it('orders readAll across streams by append order, and pages through it', async () => {
    const head = await store().headPosition();
    const [a, b, c] = [streamName('a'), streamName('b'), streamName('c')];
    const order: { stream: string; events: NewEvent[] }[] = [
      { stream: a, events: [newEvent()] },
      { stream: b, events: [newEvent()] },
      { stream: a, events: [newEvent()] },
      { stream: c, events: newEvents(3) },
      { stream: b, events: [newEvent()] },
    ];
    for (const { stream, events } of order) await store().append(stream, events);
    const expected = order.flatMap(({ stream, events }) => events.map((event) => `${stream}/${event.id}`));
    const ours = new Set([a, b, c]);
    const mine = (events: { stream: string; id: string }[]) =>
      events.filter((event) => ours.has(event.stream)).map((event) => `${event.stream}/${event.id}`);

    const page = await store().readAll({ after: head, limit: 1000 });
    expect(mine(page)).toEqual(expected);
    expect(page.every((event) => event.position > head)).toBe(true);
    expect(isStrictlyIncreasing(page.map((event) => event.position))).toBe(true);

    const paged: { stream: string; id: string; position: number }[] = [];
    let cursor = head;
    while (mine(paged).length < expected.length) {
      const next = await store().readAll({ after: cursor, limit: 2 });
      expect(next.length).toBeGreaterThan(0);
      expect(next.length).toBeLessThanOrEqual(2);
      paged.push(...next);
      cursor = next.at(-1)!.position;
    }
    expect(mine(paged)).toEqual(expected);
    expect(isStrictlyIncreasing(paged.map((event) => event.position))).toBe(true);
  });

  it('scans a stretch of the log in pages: in order, up to the position asked, or to the end of the log', async () => {
    const scanned = async (options: Parameters<EventStore['scan']>[0]) => {
      const pages: StoredEvent[][] = [];
      for await (const page of store().scan(options)) pages.push(page);
      return pages;
    };
    const head = await store().headPosition();
    await store().append(streamName('scan-a'), newEvents(4));
    await store().append(streamName('scan-b'), newEvents(3));
    const log = await store().readAll({ after: head, limit: 1000 });
    expect(log.length).toBeGreaterThanOrEqual(7);
    const upTo = log[4]!.position;

    const pages = await scanned({ after: head, upTo, pageSize: 2 });
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(log.slice(0, 5));

    // Past the head (the embedded store reads this long stretch on its reader thread).
    const rest = await scanned({ after: upTo, upTo: upTo + 1_000_000_000, pageSize: 1000 });
    expect(rest.flat()).toEqual(log.slice(5));
    expect(await scanned({ after: upTo, upTo, pageSize: 10 })).toEqual([]);
    expect(
      await scanned({ after: log.at(-1)!.position, upTo: log.at(-1)!.position + 1_000_000_000, pageSize: 10 }),
    ).toEqual([]);
  });

  it('reports the head position: at least the last append, and the position of an event in the log', async () => {
    const before = await store().headPosition();
    const result = await store().append(streamName('head'), newEvents(3));
    const head = await store().headPosition();
    expect(head).toBeGreaterThanOrEqual(result.position);
    expect(head).toBeGreaterThan(before);
    const since = await store().readAll({ after: before, limit: 1000 });
    expect(since.some((event) => event.position === head)).toBe(true);
  });
}
