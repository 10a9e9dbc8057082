/**
 * The user's activity day (`activity-day.ts`): given its events, when a command records minutes,
 * then these events, and these records refused. Then two properties over random histories
 * (fast-check): what the day counts is the cap's arithmetic, however devices, resends and new ids
 * for known minutes interleave; and its persistent state answers, for every state ever made
 * (branches included), what a fold from scratch of that state's own events answers.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventData } from '../catalogue.js';
import { fold } from '../decider.js';
import { deciderSpec } from '../spec.js';
import { activityDay, decideDay, ActivityDay, SECONDS_PER_MINUTE, type RecordMinutes } from './activity-day.js';
import type { ActivityEvent } from './activity-read.js';
import type { RecordedMinute } from './events.js';
import { testMinute } from './test-days.js';

const M = '2026-03-10T09:00:00.000Z';
const M2 = '2026-03-10T09:01:00.000Z';

const minute = testMinute;

const record = (data: RecordedMinute, id: string = randomUUID()) => ({ id, data });
const command = (...records: { id: string; data: RecordedMinute }[]): RecordMinutes => ({
  type: 'RecordMinutes',
  records,
});
const recorded = (
  { id, data }: { id: string; data: RecordedMinute },
  counted_seconds: number,
  counted_active_minute: boolean,
): ActivityEvent => ({
  id,
  type: 'codecrafters.ActivityRecorded',
  data: { ...data, counted_seconds, counted_active_minute },
});

const given = deciderSpec(activityDay);

describe('the activity day decides', () => {
  it('a new minute: the record counts its seconds and makes the minute active; an idle one counts neither', () => {
    const active = record(minute('laptop', M, 45));
    const idle = record(minute('laptop', M2, 0));
    given([])
      .when(command(active, idle))
      .then([recorded(active, 45, true), recorded(idle, 0, false)]);
  });

  it('two devices on one minute: the second counts what the minute has left (60 s in all), and no second active minute', () => {
    const laptop = record(minute('laptop', M, 40));
    const desktop = record(minute('desktop', M, 50));
    given([recorded(laptop, 40, true)])
      .when(command(desktop))
      .then([recorded(desktop, 20, false)]);
    // The same within one command, and a third device then counts nothing (its inputs still go in).
    const tablet = record(minute('tablet', M, 30, { keystrokes: 99 }));
    given([])
      .when(command(laptop, desktop, tablet))
      .then([recorded(laptop, 40, true), recorded(desktop, 20, false), recorded(tablet, 0, false)]);
  });

  it('an idle device first: the next device with seconds makes the minute active', () => {
    const idle = record(minute('laptop', M, 0));
    const busy = record(minute('desktop', M, 30));
    given([recorded(idle, 0, false)])
      .when(command(busy))
      .then([recorded(busy, 30, true)]);
  });

  it("a device's minute under a new id is refused, naming the record that holds it, in a command or against the day", () => {
    const first = record(minute('laptop', M, 60));
    const again = record(minute('laptop', M, 60));
    given([recorded(first, 60, true)])
      .when(command(again))
      .thenNothing();
    expect(decideDay(command(again), fold(activityDay, [recorded(first, 60, true)]))).toEqual({
      events: [],
      refused: [{ at: 0, id: again.id, recorded_id: first.id }],
    });
    expect(decideDay(command(first, again), ActivityDay.empty)).toEqual({
      events: [recorded(first, 60, true)],
      refused: [{ at: 1, id: again.id, recorded_id: first.id }],
    });
  });

  it('the defect of issue 8: 1,440 records of one device on one minute, distinct ids, are one minute of 60 s; the rest refused', () => {
    const records = Array.from({ length: 1_440 }, () => record(minute('laptop', M, 60)));
    const decision = decideDay(command(...records), ActivityDay.empty);
    expect(decision.events).toEqual([recorded(records[0]!, 60, true)]);
    expect(decision.refused).toHaveLength(1_439);
    expect(decision.refused.every((refusal, i) => refusal.at === i + 1 && refusal.recorded_id === records[0]!.id)).toBe(
      true,
    );
    // Sent again with new ids: nothing counts, everything is refused.
    const day = fold(activityDay, decision.events);
    const repeat = decideDay(command(...records.map((r) => record(r.data))), day);
    expect([repeat.events.length, repeat.refused.length]).toEqual([0, 1_440]);
  });

  it('a record sent again (its id known) is nothing to do, even with other values, and is not refused', () => {
    const first = record(minute('laptop', M, 30));
    given([recorded(first, 30, true)])
      .when(command(first, { id: first.id, data: minute('laptop', M2, 60) }))
      .thenNothing();
    expect(decideDay(command(first), fold(activityDay, [recorded(first, 30, true)])).refused).toEqual([]);
    // ...and twice in one command (a batch sent twice at once): stored once.
    given([])
      .when(command(first, first))
      .then([recorded(first, 30, true)]);
  });

  it('a day with version 1 events (counted in full, duplicates included) is capped from there on', () => {
    const a = record(minute('laptop', M, 60));
    const b = record(minute('laptop', M, 60));
    // As read from version 1: each counted its 60 s.
    const day = fold(activityDay, [recorded(a, 60, true), recorded(b, 60, true)]);
    expect(day.countedSeconds(M)).toBe(60);
    expect(day.holderOf('laptop', M)).toBe(a.id);
    const desktop = record(minute('desktop', M, 30));
    expect(decideDay(command(desktop), day).events).toEqual([recorded(desktop, 0, false)]);
  });

  it('every event it decides is one the catalogue accepts', () => {
    const { events } = decideDay(
      command(record(minute('laptop', M, 40)), record(minute('desktop', M, 50))),
      ActivityDay.empty,
    );
    for (const event of events) expect(() => parseEventData(event.type, event.data)).not.toThrow();
    expect(() => parseEventData('codecrafters.ActivityRecorded', { ...events[1]!.data, counted_seconds: 51 })).toThrow(
      /counted_seconds/,
    );
    expect(() =>
      parseEventData('codecrafters.ActivityRecorded', {
        ...events[1]!.data,
        counted_seconds: 0,
        counted_active_minute: true,
      }),
    ).toThrow(/counted_active_minute/);
  });
});

const DEVICES = ['laptop', 'desktop', 'tablet'];
const MINUTES = [M, M2, '2026-03-10T09:02:00.000Z'];
const IDS = Array.from({ length: 8 }, () => randomUUID());

/** A record of a small world: few devices, minutes and (often reused) ids, so that they collide. */
const arbitraryRecord = fc.record({
  device: fc.integer({ min: 0, max: DEVICES.length - 1 }),
  minute: fc.integer({ min: 0, max: MINUTES.length - 1 }),
  seconds: fc.constantFrom(0, 1, 20, 30, 45, 59, 60),
  id: fc.oneof(
    fc.integer({ min: 0, max: IDS.length - 1 }).map((i) => IDS[i]!),
    fc.constant(null),
  ),
});
type ArbitraryRecord = typeof arbitraryRecord extends fc.Arbitrary<infer T> ? T : never;
const toRecord = (r: ArbitraryRecord) =>
  record(minute(DEVICES[r.device]!, MINUTES[r.minute]!, r.seconds), r.id ?? randomUUID());

describe('the activity day, on random histories', () => {
  it('counts min(60, the seconds of the records it stored) per minute, one active minute per minute with seconds, one record per device and minute', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(arbitraryRecord, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        (commands) => {
          let day = activityDay.initialState;
          const stored: ActivityEvent[] = [];
          for (const records of commands.map((c) => c.map(toRecord))) {
            const { events, refused } = decideDay(command(...records), day);
            // Every record of the command is stored (now or before), or refused for a minute another record holds.
            for (const [at, { id, data }] of records.entries()) {
              const refusal = refused.find((r) => r.at === at);
              if (refusal) {
                expect(
                  stored.some((e) => e.id === id),
                  'a stored id is never refused',
                ).toBe(false);
                const holder = [...stored, ...events].find(
                  (e) => e.data.device_id === data.device_id && e.data.minute_start === data.minute_start,
                );
                expect(refusal.recorded_id).toBe(holder?.id);
              } else {
                expect([...stored, ...events].some((e) => e.id === id)).toBe(true);
              }
            }
            day = fold(activityDay, events, day);
            stored.push(...events);
          }
          for (const m of MINUTES) {
            const mine = stored.filter((e) => e.data.minute_start === m);
            const counted = mine.reduce((sum, e) => sum + e.data.counted_seconds, 0);
            expect(counted).toBe(
              Math.min(
                SECONDS_PER_MINUTE,
                mine.reduce((sum, e) => sum + e.data.active_seconds, 0),
              ),
            );
            expect(mine.filter((e) => e.data.counted_active_minute).length).toBe(counted > 0 ? 1 : 0);
            expect(new Set(mine.map((e) => e.data.device_id)).size).toBe(mine.length);
            expect(day.countedSeconds(m)).toBe(counted);
          }
          expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every state a value: each answers what a fold from scratch of its own events answers, branches included (a state evolved twice, even with the same event)', () => {
    /** The naive day: the answers computed from the events, one by one. */
    const naive = (events: readonly ActivityEvent[]) => ({
      knows: (id: string) => events.some((e) => e.id === id),
      holderOf: (device: string, m: string) =>
        events.find((e) => e.data.device_id === device && e.data.minute_start === m)?.id,
      countedSeconds: (m: string) =>
        events.reduce(
          (total, e) =>
            e.data.minute_start === m ? Math.min(SECONDS_PER_MINUTE, total + e.data.counted_seconds) : total,
          0,
        ),
    });
    const step = fc.record({
      from: fc.nat(),
      record: arbitraryRecord,
      counted: fc.nat({ max: 60 }),
      sameAsSibling: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const states: { day: ActivityDay; events: ActivityEvent[] }[] = [{ day: ActivityDay.empty, events: [] }];
        /** Per state, the events others evolved it with: evolving it again with one of them takes the fork path too. */
        const taken = new Map<ActivityDay, ActivityEvent[]>();
        for (const { from, record: r, counted, sameAsSibling } of steps) {
          const base = states[from % states.length]!;
          const siblings = taken.get(base.day) ?? [];
          const { id, data } = toRecord(r);
          const fresh: ActivityEvent = {
            id,
            type: 'codecrafters.ActivityRecorded',
            data: { ...data, counted_seconds: Math.min(counted, data.active_seconds), counted_active_minute: false },
          };
          const event = sameAsSibling && siblings.length > 0 ? siblings[0]! : fresh;
          taken.set(base.day, [...siblings, event]);
          states.push({ day: activityDay.evolve(base.day, event), events: [...base.events, event] });
        }
        for (const { day, events } of states) {
          const expected = naive(events);
          expect(day.length).toBe(events.length);
          for (const id of IDS) expect(day.knows(id), id).toBe(expected.knows(id));
          for (const m of MINUTES) {
            expect(day.countedSeconds(m)).toBe(expected.countedSeconds(m));
            for (const device of DEVICES) expect(day.holderOf(device, m)).toBe(expected.holderOf(device, m));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
