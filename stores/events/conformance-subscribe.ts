/**
 * Conformance of `subscribe`: from the beginning, from the middle, the hand-over from catch-up to
 * live while writers race it, and ending it (abort, break, close).
 */
import { expect, it } from 'vitest';
import { isStrictlyIncreasing, newEvent, newEvents, received, streamName, subscriber } from './conformance-fixtures.js';
import type { ConformanceContext } from './conformance-fixtures.js';
import type { StoredEvent } from './port.js';

const WRITERS = 4;
const APPENDS_PER_WRITER = 500;

async function firstPages(pages: AsyncIterable<StoredEvent[]>, atLeast: number): Promise<StoredEvent[][]> {
  const taken: StoredEvent[][] = [];
  let count = 0;
  for await (const page of pages) {
    taken.push(page);
    count += page.length;
    if (count >= atLeast) break; // break ends the subscription through return()
  }
  return taken;
}

export function describeSubscribeConformance({ store }: ConformanceContext): void {
  it('subscribes from the beginning of the log, in pages no larger than asked', async () => {
    await store().append(streamName('genesis'), newEvents(5));
    const pages = await firstPages(store().subscribe({ after: 0, pageSize: 3 }), 5);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(3);
    const delivered = pages.flat().slice(0, 5);
    const oldest = await store().readAll({ after: 0, limit: 5 });
    expect(delivered).toEqual(oldest);
  });

  it('subscribes from the middle of the log, strictly after the given position', async () => {
    const stream = streamName('middle');
    await store().append(stream, newEvents(10));
    const stored = await store().readStream(stream);
    const middle = stored[3]!.position;
    const sub = subscriber(store(), { after: middle, pageSize: 4, keep: (event) => event.stream === stream });
    await received(sub, 6);
    await sub.stop();
    expect(sub.events.slice(0, 6)).toEqual(stored.slice(4));
    expect(sub.positions[0]).toBeGreaterThan(middle);
  });

  it(`hands over from catch-up to live while ${WRITERS} writers append ${APPENDS_PER_WRITER} times each: every event exactly once, in order`, async () => {
    const head = await store().headPosition();
    const backlog = streamName('backlog');
    for (let i = 0; i < 10; i += 1) await store().append(backlog, newEvents(20));
    const writers = Array.from({ length: WRITERS }, (_, w) => streamName(`writer${w}`));
    const ours = new Set([backlog, ...writers]);
    const sub = subscriber(store(), { after: head, pageSize: 64, keep: (event) => ours.has(event.stream), slow: true });

    await Promise.all(
      writers.map(async (stream) => {
        for (let revision = 0; revision < APPENDS_PER_WRITER; revision += 1) {
          await store().append(stream, [newEvent('Ticked', { revision })], {
            expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
          });
        }
      }),
    );
    const total = 200 + WRITERS * APPENDS_PER_WRITER;
    await received(sub, total);
    // A duplicate delivered late would come before this sentinel: wait for it, then count.
    const sentinel = newEvent('Sentinel');
    await store().append(backlog, [sentinel]);
    await received(sub, total + 1);
    await sub.stop();

    expect(sub.events.length).toBe(total + 1);
    expect(sub.events.at(-1)!.id).toBe(sentinel.id);
    expect(new Set(sub.events.map((event) => event.id)).size).toBe(total + 1);
    expect(isStrictlyIncreasing(sub.positions)).toBe(true);
    expect(sub.positions[0]).toBeGreaterThan(head);
    for (const size of sub.pageSizes) expect(size).toBeLessThanOrEqual(64);
    for (const stream of writers) {
      const revisions = sub.events.filter((event) => event.stream === stream).map((event) => event.revision);
      expect(revisions).toEqual(Array.from({ length: APPENDS_PER_WRITER }, (_, revision) => revision));
    }
    // Exactly what the log holds, in the log's order.
    const logged: StoredEvent[] = [];
    for (let cursor = head; ;) {
      const page = await store().readAll({ after: cursor, limit: 1000 });
      if (page.length === 0) break;
      logged.push(...page.filter((event) => ours.has(event.stream)));
      cursor = page.at(-1)!.position;
    }
    expect(sub.events).toEqual(logged);
  });

  it('ends a subscription waiting for events when its signal aborts', async () => {
    const controller = new AbortController();
    const pages = store().subscribe({ after: await store().headPosition(), signal: controller.signal });
    const iterator = pages[Symbol.asyncIterator]();
    const pending = iterator.next();
    controller.abort();
    let step = await pending;
    while (!step.done) step = await iterator.next(); // a page already on its way may still arrive
    expect(step.done).toBe(true);
  });

  it('delivers nothing when the signal is already aborted', async () => {
    await store().append(streamName('quiet'), [newEvent()]);
    const pages = store().subscribe({ after: 0, signal: AbortSignal.abort() });
    const delivered: StoredEvent[][] = [];
    for await (const page of pages) delivered.push(page);
    expect(delivered).toEqual([]);
  });

  it('ends live subscriptions when the store closes', async () => {
    const sub = subscriber(store(), { after: await store().headPosition() });
    await store().close();
    await sub.finished;
    expect(sub.failure()).toBeUndefined();
  });
}
