/**
 * A person's activity records, minute by minute, as their desktop agent would have sent them:
 * pure and seeded. Each local day draws its plan (`rhythms.ts`) and then its minutes from a
 * generator keyed by (seed, person, date), so a day is the same whatever the window asked for;
 * the window (`from`..`now`) only filters. A record carries counts, never which keys or where:
 * exactly the fields of the agreed record (design §5). Its id is a name-based UUID (v5) of user,
 * device and minute, so a minute sent again is the same record, which the ingest deduplicates.
 */
import { parse as uuidBytes, v5 as nameUuid } from 'uuid';
import { RECORD_CAPS } from '../write/codecrafters/events.js';
import { addDays, daysBetween, localTime, offsetMinutes } from '../write/codecrafters/local-time.js';
import type { ActivityRecordInput } from '../write/codecrafters/record.js';
import type { Person } from './people.js';
import { randomFor, type Random } from './random.js';
import { dayPlan, type Block } from './rhythms.js';

/** The namespace of the demo's record ids (a fixed random UUID). */
export const RECORD_NAMESPACE = '5f0c7d5e-3a8b-4c1f-9e2d-7b6a4c3d2e1f';

const NAMESPACE_BYTES = uuidBytes(RECORD_NAMESPACE);

export const recordId = (userId: number, deviceId: string, minuteStart: string): string =>
  nameUuid(Buffer.from(`${userId}/${deviceId}/${minuteStart}`), NAMESPACE_BYTES);

export interface ActivityPlan {
  seed: string;
  person: Person;
  /** The person's Atlas user id (it names the records). */
  user_id: number;
  /** Tasks they work on (assigned to them, started or done): some stretches of work name one. */
  task_ids: readonly string[];
  /** The first minute that may be generated (epoch ms), included. */
  from: number;
  /** Now: no minute starts after it. */
  now: number;
}

type Mode = 'focus' | 'meeting' | 'review';

/** How much of each input a kind of work takes, relative to the person's style. */
const MODE_FACTORS: Record<Mode, { keys: number; clicks: number; scrolls: number; mouse: number }> = {
  focus: { keys: 1, clicks: 0.7, scrolls: 0.8, mouse: 0.7 },
  meeting: { keys: 0.25, clicks: 0.6, scrolls: 0.3, mouse: 0.5 },
  review: { keys: 0.5, clicks: 1.2, scrolls: 1.8, mouse: 1.2 },
};

function activeSeconds(random: Random, mode: Mode): number {
  const r = random.next();
  switch (mode) {
    case 'focus':
      return r < 0.75 ? random.int(48, 60) : r < 0.95 ? random.int(20, 47) : random.int(0, 12);
    case 'meeting':
      return r < 0.5 ? random.int(10, 35) : r < 0.85 ? random.int(36, 55) : random.int(0, 9);
    case 'review':
      return r < 0.6 ? random.int(40, 60) : random.int(15, 39);
  }
}

function modeOf(random: Random, person: Person): Mode {
  const r = random.next();
  if (person.role === 'member') return r < 0.6 ? 'focus' : r < 0.75 ? 'meeting' : 'review';
  return r < 0.35 ? 'focus' : r < 0.75 ? 'meeting' : 'review';
}

/** One zone's offsets (minutes east of UTC) per quarter-hour, looked up once each: a month is 3,000 of them. */
type Offsets = (epochMs: number) => number;

function offsetsOf(zone: string): Offsets {
  const byQuarter = new Map<number, number>();
  return (epochMs) => {
    const quarter = Math.floor(epochMs / 900_000);
    let offset = byQuarter.get(quarter);
    if (offset === undefined) byQuarter.set(quarter, (offset = offsetMinutes(zone, quarter * 900_000)));
    return offset;
  };
}

/** The UTC instant of minute `minute` after the local midnight (`midnight`, as if it were UTC) of a day. */
function instantOf(offsets: Offsets, midnight: number, minute: number): number {
  const naive = midnight + minute * 60_000;
  const guess = naive - offsets(naive) * 60_000;
  return naive - offsets(guess) * 60_000;
}

interface Minute {
  at: number;
  device: string;
  active: number;
  mode: Mode;
  task_id: string | null;
}

/** The minutes of one block, cut into stretches of one kind of work, each perhaps on a task. */
function livedMinutes(random: Random, plan: ActivityPlan, offsets: Offsets, midnight: number, block: Block): Minute[] {
  const device = plan.person.devices[block.device] ?? plan.person.devices[0];
  const minutes: Minute[] = [];
  let mode: Mode = 'focus';
  let task: string | null = null;
  let stretchEnd = block.start;
  for (let minute = block.start; minute < block.end; minute++) {
    if (minute >= stretchEnd) {
      stretchEnd = minute + random.int(15, 90);
      mode = modeOf(random, plan.person);
      task = plan.task_ids.length > 0 && mode !== 'meeting' && random.chance(0.55) ? random.pick(plan.task_ids) : null;
    }
    // Now and then a minute of reading or thinking, with almost no input.
    const active = block.idle ? 0 : random.chance(0.05) ? random.int(0, 5) : activeSeconds(random, mode);
    minutes.push({ at: instantOf(offsets, midnight, minute), device, active, mode, task_id: task });
  }
  return minutes;
}

const capped = (value: number, cap: number): number => Math.min(cap, Math.max(0, Math.round(value)));

/** A count's share of chance: the same person's minutes are never exactly alike. */
const noise = (random: Random): number => 0.6 + 0.8 * random.next();

function recordOf(random: Random, plan: ActivityPlan, offsets: Offsets, minute: Minute): ActivityRecordInput {
  const { style } = plan.person;
  const factors = MODE_FACTORS[minute.mode];
  const share = minute.active / 60;
  const minute_start = new Date(minute.at).toISOString();
  return {
    id: recordId(plan.user_id, minute.device, minute_start),
    device_id: minute.device,
    minute_start,
    tz_offset_minutes: offsets(minute.at),
    active_seconds: minute.active,
    keystrokes: capped(minute.active * style.keys_per_second * factors.keys * noise(random), RECORD_CAPS.keystrokes),
    clicks: capped(style.clicks_per_minute * share * factors.clicks * noise(random), RECORD_CAPS.clicks),
    scrolls: capped(style.scrolls_per_minute * share * factors.scrolls * noise(random), RECORD_CAPS.scrolls),
    mouse_distance_px: capped(
      minute.active * style.mouse_px_per_second * factors.mouse * noise(random),
      RECORD_CAPS.mouse_distance_px,
    ),
    task_id: minute.task_id,
  };
}

/** Every record of the person from `from` to `now`, oldest first. */
export function generateActivity(plan: ActivityPlan): ActivityRecordInput[] {
  const { person, seed } = plan;
  const zone = person.timezone;
  const last = Math.floor(plan.now / 60_000) * 60_000;
  const today = localTime(zone, plan.now).date;
  // The day before the window's first local date too: its evening may run past midnight into the window.
  const first = addDays(localTime(zone, plan.from).date, -1);
  const offsets = offsetsOf(zone);
  const records: ActivityRecordInput[] = [];
  const seen = new Set<string>();
  for (let date = first; date <= today; date = addDays(date, 1)) {
    const random = randomFor(seed, 'activity', person.username, date);
    const midnight = Date.parse(`${date}T00:00:00Z`);
    const day = { weekday: new Date(midnight).getUTCDay(), days_ago: daysBetween(date, today) - 1 };
    for (const block of dayPlan(person.rhythm, day, random, person.devices.length)) {
      for (const minute of livedMinutes(random, plan, offsets, midnight, block)) {
        // Every minute is drawn, in the window or not, so that a day's draws do not depend on the window.
        const record = recordOf(random, plan, offsets, minute);
        // A local minute that a change of clocks (DST) maps onto an instant already lived is lived once.
        const key = `${record.device_id}|${minute.at}`;
        if (minute.at < plan.from || minute.at > last || seen.has(key)) continue;
        seen.add(key);
        records.push(record);
      }
    }
  }
  const order = (a: ActivityRecordInput, b: ActivityRecordInput) =>
    a.minute_start < b.minute_start ? -1 : a.minute_start > b.minute_start ? 1 : a.device_id < b.device_id ? -1 : 1;
  return records.sort(order);
}
