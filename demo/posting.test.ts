import { describe, expect, it } from 'vitest';
import { ActivityBatchInput, type ActivityRecordInput } from '../write/codecrafters/record.js';
import type { Account } from './accounts.js';
import { generateActivity } from './activity.js';
import { missingRecords, secondsByDate } from './missing.js';
import { castOf } from './people.js';
import { batchesOf, sendingOrder } from './posting.js';

const NOW = Date.parse('2026-11-25T14:37:00Z');
const FROM = NOW - 30 * 86_400_000 + 10 * 60_000;
const [, , owl] = castOf(3); // demo.kenji, a night owl in Tokyo, with two devices
const records = generateActivity({ seed: 's', person: owl!, user_id: 7, task_ids: [], from: FROM, now: NOW });

describe('batchesOf', () => {
  it("cuts a person's minutes by UTC day, keeps their order, and stays within the ingest's limits", () => {
    const batches = batchesOf(records);
    expect(batches.flat()).toEqual(records);
    for (const batch of batches) {
      expect(new Set(batch.map((r) => r.minute_start.slice(0, 10))).size).toBe(1);
      expect(ActivityBatchInput.safeParse({ records: batch }).success).toBe(true);
      expect(Buffer.byteLength(JSON.stringify({ records: batch }))).toBeLessThan(1_000_000);
    }
    expect(batches.length).toBeGreaterThan(15);
  });

  it('splits a day that holds more than the limit', () => {
    const busiest = batchesOf(records).reduce((a, b) => (b.length > a.length ? b : a));
    const day = records.filter((r) => r.minute_start.startsWith(busiest[0]!.minute_start.slice(0, 10)));
    expect(day.length).toBeGreaterThan(200);
    const pieces = batchesOf(day, 100);
    expect(pieces.flat()).toEqual(day);
    expect(pieces.every((p) => p.length <= 100)).toBe(true);
    expect(pieces.length).toBe(Math.ceil(day.length / 100));
  });
});

describe('sendingOrder', () => {
  it('sends the oldest day first, whoever it belongs to', () => {
    const account = (name: string) => ({ person: { username: name } }) as Account;
    const batch = (name: string, day: string) => ({
      account: account(name),
      records: [{ minute_start: `${day}T10:00:00.000Z` } as ActivityRecordInput],
    });
    const order = sendingOrder([batch('a', '2026-11-03'), batch('a', '2026-11-01'), batch('b', '2026-11-02')]);
    expect(order.map((b) => `${b.account.person.username} ${b.records[0]!.minute_start.slice(0, 10)}`)).toEqual([
      'a 2026-11-01',
      'b 2026-11-02',
      'a 2026-11-03',
    ]);
  });
});

describe('missingRecords', () => {
  const byDate = secondsByDate(records, owl!.timezone);
  const dates = [...byDate.keys()].filter((d) => byDate.get(d)! > 0);
  const dateOf = (r: ActivityRecordInput) =>
    new Date(Date.parse(r.minute_start) + 9 * 3_600_000).toISOString().slice(0, 10);

  it('skips the days stored in full and sends the others whole', () => {
    const [full, short] = [dates[3]!, dates[4]!];
    const stored = {
      timezone: owl!.timezone,
      days: [
        { date: full, productive_seconds: byDate.get(full)! },
        { date: short, productive_seconds: byDate.get(short)! - 1 },
      ],
    };
    const missing = missingRecords(records, owl!.timezone, stored);
    expect(missing.some((r) => dateOf(r) === full)).toBe(false);
    expect(missing.filter((r) => dateOf(r) === short)).toEqual(records.filter((r) => dateOf(r) === short));
    expect(missing.length).toBe(records.filter((r) => dateOf(r) !== full).length);
  });

  it('sends everything when nothing is stored, or when the days were cut in another zone', () => {
    expect(missingRecords(records, owl!.timezone, { timezone: owl!.timezone, days: [] })).toEqual(records);
    const all = dates.map((date) => ({ date, productive_seconds: byDate.get(date)! }));
    expect(missingRecords(records, owl!.timezone, { timezone: owl!.timezone, days: all })).toEqual(
      records.filter((r) => byDate.get(dateOf(r)) === 0),
    );
    expect(missingRecords(records, owl!.timezone, { timezone: 'UTC', days: all })).toEqual(records);
  });
});
