/**
 * Issue 8, the projector's side: a real second process holds `BEGIN EXCLUSIVE` on reads.db, then
 * on events.db (`stores/test-fixtures/lock-holder-child.ts`), while the projector runs and this
 * process appends and queries. The projector stalls without blocking the event loop, shows that
 * it is retrying, and once the lock goes catches up on its own to the exact totals: every event
 * applied once, none lost, none twice. Also a stop during the outage, and a log whose reads fail
 * for a while (simulated: see the last test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Projection } from '../projection.js';
import { EventStoreUnavailableError, type EventStore, type StoredEvent } from '../../stores/events/port.js';
import { watchEventLoop } from '../../stores/test-fixtures/event-loop.js';
import { startLockHolder, type LockHolder } from '../../stores/test-fixtures/lock-holder.js';
import { startProjections, type Projector } from './projector.js';
import { appendEvents, emptyExpected, newEvent, streamCounter, typeTotals } from './test-fixtures/projections.js';
import { eventually, recordingLogger, storeFiles, type TempStores } from './test-fixtures/stores.js';
import { expectTotals, tempStoresEachTest } from './test-fixtures/suite.js';

let holder: LockHolder;
beforeAll(() => {
  holder = startLockHolder();
});
afterAll(async () => {
  await holder.close();
});

let stores: TempStores;
let files: { events: string; reads: string };
tempStoresEachTest((opened) => {
  stores = opened;
  files = storeFiles(opened.dir);
});

const projections = (): Projection[] => [streamCounter(), typeTotals()];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const caughtUp = async (projector: Projector) =>
  (await projector.lag()).every((state) => state.caught_up && !state.retrying);

function report(what: string, figures: Record<string, unknown>): void {
  console.info(`[issue 8] ${what}: ${JSON.stringify(figures)}`);
}

describe('the projector while another process holds reads.db', () => {
  it('stalls without blocking, shows it is retrying, and catches up to the exact totals once the lock goes', async () => {
    const expected = emptyExpected();
    await appendEvents(stores.events, { count: 500, streams: 5, perAppend: 50 }, expected);
    const logger = recordingLogger();
    const projector = await startProjections({ ...stores, projections: projections(), logger });
    await eventually(() => caughtUp(projector), 20_000, 'the first catch-up');

    await holder.lock(files.reads);
    const loop = watchEventLoop();
    const lockedAt = Date.now();
    // Appends go on; the read models and the projector's state still answer.
    await appendEvents(stores.events, { count: 400, streams: 4, perAppend: 20, prefix: 'during' }, expected);
    const states = await eventually(
      async () => {
        const now = await projector.lag();
        return now.every((state) => state.retrying?.store === 'reads') ? now : undefined;
      },
      20_000,
      'both projections to show they are retrying',
    );
    for (const state of states) {
      expect(state).toMatchObject({ status: 'running', position: 500, caught_up: false, retrying: { store: 'reads' } });
      expect(state.retrying!.error).toMatch(/locked by another connection/);
      expect(Date.parse(state.retrying!.since)).toBeGreaterThanOrEqual(lockedAt - 1000);
    }
    expect(await stores.reads.count('stream_counts__v1')).toBe(5);
    expect(await stores.reads.checkpoint('stream_counter@v1')).toBe(500);
    await appendEvents(stores.events, { count: 100, streams: 4, perAppend: 10, prefix: 'during' }, expected);
    await sleep(1500); // a few more attempts, each about a second
    expect(await stores.reads.checkpoint('type_totals@v1')).toBe(500);
    const attempts = (await projector.lag()).map((state) => state.retrying?.attempts ?? 0);
    const delay = loop.stop();
    const heldMs = Date.now() - lockedAt;

    await holder.release(files.reads);
    const released = Date.now();
    await eventually(() => caughtUp(projector), 20_000, 'the catch-up after the lock');
    const resumedMs = Date.now() - released;
    await projector.stop();
    await expectTotals(stores.reads, expected);
    expect(await stores.reads.checkpoint('stream_counter@v1')).toBe(1000);
    expect(logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(logger.entries.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      'read store unavailable: waiting and retrying',
      'read store unavailable: waiting and retrying',
    ]);
    expect(logger.entries.filter((entry) => entry.message === 'read store available again: resuming')).toHaveLength(2);
    report('projector, reads.db locked', {
      loop: delay,
      held_ms: heldMs,
      attempts,
      caught_up_after_release_ms: resumedMs,
    });
  });

  it('stops during the outage (the batch in hand uncommitted), and the next start applies it once', async () => {
    const expected = emptyExpected();
    await appendEvents(stores.events, { count: 300, streams: 3, perAppend: 30 }, expected);
    const first = await startProjections({ ...stores, projections: projections() });
    await eventually(() => caughtUp(first), 20_000, 'the first catch-up');
    await holder.lock(files.reads);
    await appendEvents(stores.events, { count: 200, streams: 3, perAppend: 20, prefix: 'during' }, expected);
    await eventually(async () => (await first.lag()).every((state) => state.retrying), 20_000, 'retrying');
    await first.stop(); // ends after the attempt in progress: it must not wait for the lock
    await holder.release(files.reads);
    expect(await stores.reads.checkpoint('stream_counter@v1')).toBe(300);

    const second = await startProjections({ ...stores, projections: projections() });
    await eventually(() => caughtUp(second), 20_000, 'the catch-up after the restart');
    await second.stop();
    await expectTotals(stores.reads, expected);
  });
});

describe('the projector while another process holds events.db', () => {
  it('goes on reading the log and committing batches; appends fail, typed, without blocking; after the lock all is back', async () => {
    const expected = emptyExpected();
    await appendEvents(stores.events, { count: 3000, streams: 6, perAppend: 300 }, expected);
    await holder.lock(files.events);
    const loop = watchEventLoop();
    const projector = await startProjections({ ...stores, projections: projections() });
    await eventually(() => caughtUp(projector), 20_000, 'the catch-up under the lock');
    await expectTotals(stores.reads, expected);
    const refused = await stores.events.append('late', [newEvent('Deposited', { amount: 1 })]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(EventStoreUnavailableError);
    const delay = loop.stop();
    await holder.release(files.events);

    await appendEvents(stores.events, { count: 50, streams: 2, perAppend: 10, prefix: 'after' }, expected);
    await eventually(() => caughtUp(projector), 20_000, 'the live events after the lock');
    await projector.stop();
    await expectTotals(stores.reads, expected);
    report('projector, events.db locked', { loop: delay });
  });
});

describe('the projector while reading the log fails for a while', () => {
  // In WAL mode another process's lock never blocks a reader (sqlite-locks.test.ts shows reads
  // going on), so this outage is simulated: every page read fails with the store's typed error,
  // as a read would past the store's busy bound, a disk error, or an unreachable EventStoreDB.
  it('opens a new subscription after its checkpoint, shows it is retrying, and applies every event once', async () => {
    let outage = false;
    const flaky: EventStore = {
      ...stores.events,
      subscribe(options) {
        const pages = stores.events.subscribe(options);
        return (async function* (): AsyncGenerator<StoredEvent[]> {
          for await (const page of pages) {
            if (outage)
              throw new EventStoreUnavailableError('event store: a disk I/O error (SQLITE_IOERR_READ)', {
                reason: 'io',
              });
            yield page;
          }
        })();
      },
    };
    const expected = emptyExpected();
    await appendEvents(stores.events, { count: 400, streams: 4, perAppend: 40 }, expected);
    const projector = await startProjections({ ...stores, events: flaky, projections: projections(), batchSize: 50 });
    await eventually(() => caughtUp(projector), 20_000, 'the first catch-up');
    outage = true;
    await appendEvents(stores.events, { count: 300, streams: 4, perAppend: 15, prefix: 'during' }, expected);
    const states = await eventually(
      async () => {
        const now = await projector.lag();
        return now.every((state) => state.retrying?.store === 'events') ? now : undefined;
      },
      20_000,
      'retrying on the event store',
    );
    for (const state of states)
      expect(state.retrying).toMatchObject({ store: 'events', error: expect.stringMatching(/I\/O/) });
    outage = false;
    await eventually(() => caughtUp(projector), 20_000, 'the catch-up after the outage');
    await projector.stop();
    await expectTotals(stores.reads, expected);
  });
});
