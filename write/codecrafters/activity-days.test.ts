/**
 * The activity days on a real (SQLite) event store: `handleDecision` with the state cache reads
 * only a stream's new tail; batches of one day arriving together in one process are appended
 * together; two processes (two `ActivityDays`, each with its own cache) writing one day at once
 * are kept apart by the expected revision; version 1 events in a day are read and capped from;
 * and an id the store drops (held by another stream) leaves no phantom in the cached day.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError, type EventStore, type NewEvent } from '../../stores/events/port.js';
import { StateCache } from '../state-cache.js';
import { openTempEventStore, type TempEventStore } from '../temp-event-store.js';
import { readActivityEvent } from './activity-read.js';
import { ActivityDays, type DayEntry } from './activity-days.js';
import { activityStream, type RecordedMinute } from './events.js';
import { testMinute } from './test-days.js';

const M = '2026-03-10T09:00:00.000Z';
const stream = activityStream(7, '2026-03-10');
const metadata = {
  correlation_id: randomUUID(),
  causation_id: null,
  user_id: 7,
  occurred_at: '2026-03-10T12:00:00.000Z',
};

const minute = (device_id: string, minute_start: string, active_seconds: number) =>
  testMinute(device_id, minute_start, active_seconds);
const at = (i: number) => new Date(Date.parse(M) + i * 60_000).toISOString();
const entry = (...data: RecordedMinute[]): DayEntry => ({
  records: data.map((d) => ({ id: randomUUID(), data: d })),
  metadata,
});

/** The store, counting what is read from it and how many appends it gets. */
function counting(store: EventStore) {
  const seen = { reads: 0, eventsRead: 0, appends: 0 };
  const view: Pick<EventStore, 'append' | 'readStream'> = {
    async readStream(name, options) {
      const events = await store.readStream(name, options);
      seen.reads += 1;
      seen.eventsRead += events.length;
      return events;
    },
    append(name, events, options) {
      seen.appends += 1;
      return store.append(name, events, options);
    },
  };
  return { view, seen };
}

const dayOf = async (store: EventStore) => (await store.readStream(stream)).map(readActivityEvent);

let temp: TempEventStore;
beforeEach(() => {
  temp = openTempEventStore();
});
afterEach(() => temp.dispose());

describe('ActivityDays', () => {
  it('decides on the cached day without reading; when another writer appended since, the store refuses and only the new tail is read', async () => {
    const { view, seen } = counting(temp.store);
    const days = new ActivityDays({ store: view, cache: new StateCache() });
    await days.record(stream, entry(...Array.from({ length: 100 }, (_, i) => minute('laptop', at(i), 60))));
    seen.reads = 0;
    await days.record(stream, entry(minute('laptop', at(100), 60)));
    expect(seen.reads, 'the cached day is current: nothing read').toBe(0);
    // Another writer appends two minutes behind this process's back.
    const other = new ActivityDays({ store: temp.store });
    await other.record(stream, entry(minute('laptop', at(101), 60), minute('laptop', at(102), 60)));
    seen.eventsRead = 0;
    seen.appends = 0;
    await days.record(stream, entry(minute('laptop', at(103), 60)));
    expect([seen.eventsRead, seen.appends]).toEqual([2, 2]);
    expect(await dayOf(temp.store)).toHaveLength(104);
    // A refusal needs no append.
    const late = entry(minute('laptop', at(101), 60));
    expect((await days.record(stream, late)).refused).toEqual([
      { at: 0, id: late.records[0]!.id, recorded_id: expect.any(String) },
    ]);
  });

  it('appends the batches of one day that arrive together in one go, in arrival order, each told its own refusals', async () => {
    const { view, seen } = counting(temp.store);
    const days = new ActivityDays({ store: view, cache: new StateCache() });
    const first = entry(minute('laptop', at(0), 40));
    const batches = [
      entry(minute('desktop', at(0), 50), minute('laptop', at(1), 60)),
      entry(minute('laptop', at(0), 60), minute('tablet', at(0), 30)),
      entry(minute('laptop', at(1), 10)),
    ];
    const outcomes = await Promise.all([days.record(stream, first), ...batches.map((b) => days.record(stream, b))]);
    expect(seen.appends).toBe(2); // the first alone, then the three that queued up behind it
    expect(outcomes.map((o) => o.refused)).toEqual([
      [],
      [],
      [{ at: 0, id: batches[1]!.records[0]!.id, recorded_id: first.records[0]!.id }],
      [{ at: 0, id: batches[2]!.records[0]!.id, recorded_id: batches[0]!.records[1]!.id }],
    ]);
    const stored = await dayOf(temp.store);
    expect(
      stored.map((e) => [e.data.device_id, e.data.minute_start, e.data.counted_seconds, e.data.counted_active_minute]),
    ).toEqual([
      ['laptop', at(0), 40, true],
      ['desktop', at(0), 20, false],
      ['laptop', at(1), 60, true],
      ['tablet', at(0), 0, false],
    ]);
  });

  it('two processes writing one day at once: the expected revision keeps one record per device and minute, and 60 s per minute', async () => {
    let conflicts = 0;
    const store: Pick<EventStore, 'append' | 'readStream'> = {
      readStream: (name, options) => temp.store.readStream(name, options),
      append: (name, events, options) =>
        temp.store.append(name, events, options).catch((error: unknown) => {
          if (error instanceof WrongExpectedRevisionError) conflicts += 1;
          throw error;
        }),
    };
    const processes = [
      new ActivityDays({ store, cache: new StateCache() }),
      new ActivityDays({ store, cache: new StateCache() }),
    ];
    const devices = ['laptop', 'desktop', 'tablet'];
    // Every device sends every minute twice, under two ids, through both processes at once.
    const sends = devices.flatMap((device) =>
      [0, 1].flatMap((copy) =>
        Array.from({ length: 10 }, (_, i) =>
          processes[(i + copy) % 2]!.record(stream, entry(minute(device, at(i % 5), 45))),
        ),
      ),
    );
    const outcomes = await Promise.all(sends);
    expect(conflicts, 'the processes did collide, and started over').toBeGreaterThan(0);
    const stored = await dayOf(temp.store);
    expect(stored).toHaveLength(devices.length * 5);
    expect(outcomes.flatMap((o) => o.refused)).toHaveLength(sends.length - stored.length);
    for (let i = 0; i < 5; i += 1) {
      const mine = stored.filter((e) => e.data.minute_start === at(i));
      expect(mine.reduce((sum, e) => sum + e.data.counted_seconds, 0)).toBe(60);
      expect(mine.filter((e) => e.data.counted_active_minute)).toHaveLength(1);
    }
  });

  it('reads a day holding version 1 events (each counted in full) and caps from there', async () => {
    const v1 = minute('laptop', at(0), 60); // a record's data before the day decided what it counts: version 1's shape
    const legacy = (data: RecordedMinute): NewEvent => ({
      id: randomUUID(),
      type: 'codecrafters.ActivityRecorded',
      data,
      metadata: { ...metadata, schema_version: 1 },
    });
    await temp.store.append(stream, [legacy(v1), legacy({ ...v1, active_seconds: 30 })]);
    const days = new ActivityDays({ store: temp.store, cache: new StateCache() });
    const late = entry(minute('desktop', at(0), 50), minute('laptop', at(0), 60));
    const { refused } = await days.record(stream, late);
    expect(refused).toEqual([
      { at: 1, id: late.records[1]!.id, recorded_id: (await temp.store.readStream(stream))[0]!.id },
    ]);
    const stored = await dayOf(temp.store);
    expect(stored.map((e) => [e.data.counted_seconds, e.data.counted_active_minute])).toEqual([
      [60, true], // version 1, read as counted in full
      [30, true],
      [0, false],
    ]);
  });

  it('an id the store drops (held by another stream) is accepted, and leaves no phantom in the cached day', async () => {
    const taken = randomUUID();
    await temp.store.append('elsewhere', [
      { id: taken, type: 'test.Other', data: {}, metadata: { ...metadata, schema_version: 1 } },
    ]);
    const days = new ActivityDays({ store: temp.store, cache: new StateCache() });
    const outcome = await days.record(stream, {
      records: [{ id: taken, data: minute('laptop', at(0), 60) }],
      metadata,
    });
    expect(outcome.refused).toEqual([]);
    expect(await temp.store.readStream(stream)).toEqual([]);
    // The minute is still free: the cache did not keep the decision the store did not take.
    const again = entry(minute('laptop', at(0), 60));
    expect((await days.record(stream, again)).refused).toEqual([]);
    expect((await dayOf(temp.store)).map((e) => [e.id, e.data.counted_seconds])).toEqual([[again.records[0]!.id, 60]]);
  });
});
