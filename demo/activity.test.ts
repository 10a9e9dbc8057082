import { describe, expect, it } from 'vitest';
import { localTime } from '../write/codecrafters/local-time.js';
import { ActivityRecordInput, MAX_AGE_DAYS } from '../write/codecrafters/record.js';
import { generateActivity, recordId, type ActivityPlan } from './activity.js';
import { castOf, type Person } from './people.js';
import { LEAVE_DAYS } from './rhythms.js';

// A Wednesday afternoon in Berlin; the window is the 30 days before it.
const NOW = Date.parse('2026-11-25T14:37:21.500Z');
const FROM = NOW - MAX_AGE_DAYS * 86_400_000 + 10 * 60_000;
const TASKS = ['0b7e3f1a-8c2d-4e5f-9a1b-2c3d4e5f6a7b', '1c8f4a2b-9d3e-4f6a-8b2c-3d4e5f6a7b8c'];
const cast = castOf(20);

const person = (rhythm: Person['rhythm']): Person => cast.find((p) => p.rhythm === rhythm)!;
const plan = (who: Person, overrides: Partial<ActivityPlan> = {}): ActivityPlan => ({
  seed: 'test-seed',
  person: who,
  user_id: 100 + cast.indexOf(who),
  task_ids: TASKS,
  from: FROM,
  now: NOW,
  ...overrides,
});
/** Everyone's month, generated once for the suite. */
const month = new Map(cast.map((who) => [who, generateActivity(plan(who))]));
const monthOf = (who: Person) => month.get(who)!;
const local = (who: Person, minuteStart: string) => localTime(who.timezone, Date.parse(minuteStart));
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const active = (records: readonly ActivityRecordInput[]) => records.filter((r) => r.active_seconds > 0);

describe('generateActivity: rhythms', () => {
  it("a night owl's minutes fall in the afternoon and at night in their own zone, none in the morning", () => {
    const owl = person('night_owl');
    expect(owl.timezone).toBe('Asia/Tokyo');
    const records = active(monthOf(owl));
    expect(records.length).toBeGreaterThan(3_000);
    const hours = records.map((r) => local(owl, r.minute_start).hour);
    expect(hours.filter((h) => h >= 3 && h < 13)).toEqual([]);
    const night = hours.filter((h) => h >= 20 || h < 3).length;
    expect(night / hours.length).toBeGreaterThan(0.3);
    // Not UTC's night: in UTC, Tokyo's evening is the morning.
    const utcHours = records.map((r) => new Date(r.minute_start).getUTCHours());
    expect(utcHours.filter((h) => h >= 3 && h < 13).length / utcHours.length).toBeGreaterThan(0.5);
  });

  it('an early bird starts before 7 and is done by 16, local time', () => {
    const bird = person('early_bird');
    const hours = active(monthOf(bird)).map((r) => local(bird, r.minute_start).hour);
    expect(Math.min(...hours)).toBe(6);
    expect(Math.max(...hours)).toBeLessThan(16);
  });

  it('weekends are mostly empty, for every rhythm and for the team', () => {
    let weekend = 0;
    let all = 0;
    for (const who of cast) {
      const records = active(monthOf(who));
      const own = records.filter((r) => [0, 6].includes(weekdayOf(local(who, r.minute_start).date))).length;
      expect(own / Math.max(records.length, 1)).toBeLessThan(0.15);
      weekend += own;
      all += records.length;
    }
    expect(all).toBeGreaterThan(100_000);
    expect(weekend / all).toBeLessThan(0.08);
  });

  it('a part-timer works three mornings a week', () => {
    const part = person('part_timer');
    const records = active(monthOf(part));
    const weekdays = new Set(
      records.map((r) => weekdayOf(local(part, r.minute_start).date)).filter((d) => d % 6 !== 0),
    );
    expect([...weekdays].sort()).toEqual([1, 2, 4]);
    expect(Math.max(...records.map((r) => local(part, r.minute_start).hour))).toBeLessThan(15);
  });

  it('the person on leave has no minute this week, and worked before', () => {
    const away = person('on_leave');
    const today = localTime(away.timezone, NOW).date;
    const records = monthOf(away);
    const daysAgo = (date: string) => (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000;
    expect(records.filter((r) => daysAgo(local(away, r.minute_start).date) < LEAVE_DAYS)).toEqual([]);
    expect(active(records).length).toBeGreaterThan(2_000);
  });

  it('working days have breaks: idle minutes with the agent on, and a lunch gap with no record', () => {
    const worker = person('regular');
    const records = monthOf(worker);
    expect(records.filter((r) => r.active_seconds === 0).length).toBeGreaterThan(100);
    const byDate = new Map<string, ActivityRecordInput[]>();
    for (const r of records) {
      const date = local(worker, r.minute_start).date;
      byDate.set(date, [...(byDate.get(date) ?? []), r]);
    }
    let weekdays = 0;
    const [first, today] = [
      local(worker, new Date(FROM).toISOString()).date,
      local(worker, new Date(NOW).toISOString()).date,
    ];
    for (const [date, day] of byDate) {
      if ([0, 6].includes(weekdayOf(date)) || date === first || date === today) continue; // whole working days only
      weekdays++;
      const starts = day.map((r) => Date.parse(r.minute_start));
      const longestGap = Math.max(...starts.slice(1).map((at, i) => at - starts[i]!));
      expect(longestGap, date).toBeGreaterThanOrEqual(30 * 60_000);
    }
    expect(weekdays).toBeGreaterThan(15);
  });
});

describe('generateActivity: the records', () => {
  const everyone = [...month.values()].flat();

  it('are records as the ingest takes them: exactly the agreed fields, counts only, never which keys', () => {
    const fields = [
      'active_seconds',
      'clicks',
      'device_id',
      'id',
      'keystrokes',
      'minute_start',
      'mouse_distance_px',
      'scrolls',
      'task_id',
      'tz_offset_minutes',
    ];
    const strangers = everyone.filter((record) => Object.keys(record).sort().join() !== fields.join());
    expect(strangers).toEqual([]);
    // The ingest's own schema, strict: an extra field, a count out of its range or not an integer fails.
    const refused = everyone.filter((record) => !ActivityRecordInput.safeParse(record).success);
    expect(refused).toEqual([]);
  });

  it('have 0..60 active seconds, idle minutes count no input, and busy ones do', () => {
    const seconds = everyone.map((r) => r.active_seconds);
    expect(seconds.every((s) => Number.isInteger(s) && s >= 0 && s <= 60)).toBe(true);
    expect(seconds.filter((s) => s === 60).length).toBeGreaterThan(0);
    for (const idle of everyone.filter((r) => r.active_seconds === 0))
      expect([idle.keystrokes, idle.clicks, idle.scrolls, idle.mouse_distance_px]).toEqual([0, 0, 0, 0]);
    const busy = everyone.filter((r) => r.active_seconds >= 50);
    expect(busy.filter((r) => r.keystrokes > 0).length / busy.length).toBeGreaterThan(0.95);
  });

  it('lie in the window, on whole minutes, none in the future, the last one the current minute at the latest', () => {
    const starts = everyone.map((r) => Date.parse(r.minute_start));
    expect(starts.every((at) => at % 60_000 === 0 && at >= FROM && at <= NOW)).toBe(true);
    expect(starts.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(Math.floor(NOW / 60_000) * 60_000);
  });

  it('carry the offset of their zone at that minute (DST included)', () => {
    const london = person('early_bird'); // Europe/London: +0 in November, +60 in summer
    const summer = generateActivity(
      plan(london, { from: Date.parse('2026-06-01T00:00:00Z'), now: Date.parse('2026-06-05T00:00:00Z') }),
    );
    const winter = monthOf(london);
    expect(new Set(summer.map((r) => r.tz_offset_minutes))).toEqual(new Set([60]));
    expect(new Set(winter.map((r) => r.tz_offset_minutes))).toEqual(new Set([0]));
    const kolkata = cast.find((p) => p.timezone === 'Asia/Kolkata')!;
    expect(new Set(monthOf(kolkata).map((r) => r.tz_offset_minutes))).toEqual(new Set([330]));
  });

  it('name tasks for some stretches, only the person’s own, and none without tasks', () => {
    const records = monthOf(person('regular'));
    const named = records.filter((r) => r.task_id !== null);
    expect(named.length / records.length).toBeGreaterThan(0.1);
    expect(named.length / records.length).toBeLessThan(0.8);
    expect(new Set(named.map((r) => r.task_id))).toEqual(new Set(TASKS));
    expect(generateActivity(plan(person('regular'), { task_ids: [] })).every((r) => r.task_id === null)).toBe(true);
  });

  it('have ids that are UUID v5 of user, device and minute, unique', () => {
    const kenji = person('night_owl');
    const records = monthOf(kenji);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    for (const r of records.slice(0, 50))
      expect(r.id).toBe(recordId(100 + cast.indexOf(kenji), r.device_id, r.minute_start));
    expect(records[0]!.id[14]).toBe('5');
    // Two devices (laptop in the day, desktop in the evening): never the same minute twice.
    expect(new Set(records.map((r) => r.device_id)).size).toBe(2);
    expect(new Set(records.map((r) => r.minute_start)).size).toBe(records.length);
  });
});

describe('generateActivity: determinism', () => {
  it('gives the same records for the same seed, and others for another seed', () => {
    const who = person('regular');
    expect(generateActivity(plan(who))).toEqual(monthOf(who));
    const other = generateActivity(plan(who, { seed: 'another-seed' }));
    expect(other.length).toBeGreaterThan(0);
    expect(other).not.toEqual(monthOf(who));
  });

  it('gives a day the same minutes whatever the window, so a later run adds to what an earlier one sent', () => {
    const who = person('night_owl');
    const earlier = monthOf(who);
    const later = generateActivity(plan(who, { from: FROM + 3 * 86_400_000, now: NOW + 2 * 86_400_000 }));
    const laterById = new Map(later.map((r) => [r.id, r]));
    const shared = earlier.filter((r) => Date.parse(r.minute_start) >= FROM + 3 * 86_400_000);
    expect(shared.length).toBeGreaterThan(5_000);
    for (const record of shared) expect(laterById.get(record.id)).toEqual(record);
    expect(later.some((r) => Date.parse(r.minute_start) > NOW)).toBe(true);
  });
});
