/**
 * A user's activity day: the stream `codecrafters-activity-<user>-<UTC date>` (bounded: a day of
 * minutes, per device) as an aggregate with a decider (design §3).
 *
 * The rules:
 * - one minute of one device is one record: a record for a (device, minute) the day already holds
 *   under another id is refused, with the id that holds it;
 * - a record whose id the day already holds is the same record sent again: nothing to do, and the
 *   first version stays (whatever the values sent again);
 * - a user's minute counts at most 60 active seconds however many devices report it: a new record
 *   counts its `active_seconds` up to what the minute has left (`counted_seconds`), and the
 *   minute's first record to count seconds makes it an active minute (`counted_active_minute`).
 *   Keystrokes, clicks, scrolls and distance are not capped: every device's add up.
 *
 * The events carry what they count, so the read models sum them without knowing the day.
 *
 * The state answers three questions per record, about the day so far: is this id known, which
 * record holds this (device, minute), and how many seconds has this minute counted. A day holds
 * thousands of records (1,440 minutes per device), and a batch of three must not copy them, so the
 * state is persistent: the states of one stream share one append-only history, and each sees
 * the part of it up to its own length. `evolve` appends to that history when the state is its
 * newest, which is the case in the command handler (the cache holds the newest state, and a
 * decision is folded only once appended); otherwise (a state evolved twice, e.g. in a test's
 * given/when/then) it copies the part it sees first. No state ever changes what it answers:
 * `evolve` is pure as seen from outside.
 */
import type { Decider } from '../decider.js';
import type { ActivityEvent } from './activity-read.js';
import { ActivityRecorded, withCounted, type RecordedMinute } from './events.js';

/** The most active seconds one minute of one user counts. */
export const SECONDS_PER_MINUTE = 60;

/** `minute_start` is canonical and fixed-width (`toISOString()`), so the pair needs no separator. */
const slotKey = (minuteStart: string, deviceId: string): string => minuteStart + deviceId;

/** What the events of one stream said, in order: shared by every state of the stream. */
class DayHistory {
  /** How many events it holds. */
  length = 0;
  /** Record id → the index of its event. */
  readonly ids = new Map<string, number>();
  /** (minute, device) → the first record for it, and the index of its event. */
  readonly slots = new Map<string, { id: string; at: number }>();
  /** `minute_start` → the seconds counted so far after each event that counted some: `[at, total, at, total, …]`. */
  readonly counted = new Map<string, number[]>();

  append(event: ActivityEvent): void {
    const at = this.length++;
    const { id, data } = event;
    if (!this.ids.has(id)) this.ids.set(id, at);
    const key = slotKey(data.minute_start, data.device_id);
    if (!this.slots.has(key)) this.slots.set(key, { id, at });
    if (data.counted_seconds > 0) {
      const totals = this.counted.get(data.minute_start);
      const before = totals ? totals[totals.length - 1]! : 0;
      // Capped here too: version 1 events counted every record in full.
      const total = Math.min(SECONDS_PER_MINUTE, before + data.counted_seconds);
      if (total === before) return;
      if (totals) totals.push(at, total);
      else this.counted.set(data.minute_start, [at, total]);
    }
  }

  /** A copy holding only the first `length` events. */
  upTo(length: number): DayHistory {
    const copy = new DayHistory();
    copy.length = length;
    for (const [id, at] of this.ids) if (at < length) copy.ids.set(id, at);
    for (const [key, slot] of this.slots) if (slot.at < length) copy.slots.set(key, slot);
    for (const [minute, totals] of this.counted) {
      const kept: number[] = [];
      for (let i = 0; i < totals.length && totals[i]! < length; i += 2) kept.push(totals[i]!, totals[i + 1]!);
      if (kept.length > 0) copy.counted.set(minute, kept);
    }
    return copy;
  }
}

/** The history of the day before its first record: never appended to (each stream folded from it starts one of its own). */
const NOTHING_YET = new DayHistory();

export class ActivityDay {
  /** The day before its first record. */
  static readonly empty = new ActivityDay(NOTHING_YET, 0);

  private constructor(
    private readonly history: DayHistory,
    /** How many of the history's events this state has seen. */
    readonly length: number,
  ) {}

  /** The day after one more event. */
  with(event: ActivityEvent): ActivityDay {
    const { history, length } = this;
    if (length === history.length && history !== NOTHING_YET) {
      history.append(event);
      return new ActivityDay(history, length + 1);
    }
    const own = history.upTo(length);
    own.append(event);
    return new ActivityDay(own, length + 1);
  }

  /** Whether the day holds a record with this id. */
  knows(id: string): boolean {
    const at = this.history.ids.get(id);
    return at !== undefined && at < this.length;
  }

  /** The id of the record that holds this device's minute, if any. */
  holderOf(deviceId: string, minuteStart: string): string | undefined {
    const slot = this.history.slots.get(slotKey(minuteStart, deviceId));
    return slot !== undefined && slot.at < this.length ? slot.id : undefined;
  }

  /** The active seconds this minute of the user counts so far (at most 60). */
  countedSeconds(minuteStart: string): number {
    const totals = this.history.counted.get(minuteStart);
    if (!totals) return 0;
    for (let i = totals.length - 2; i >= 0; i -= 2) if (totals[i]! < this.length) return totals[i + 1]!;
    return 0;
  }
}

/** Record the minutes of one stream, in the order given (a batch's, or several batches' in arrival order). */
export interface RecordMinutes {
  type: 'RecordMinutes';
  records: ReadonlyArray<{ id: string; data: RecordedMinute }>;
}

/** A record refused: its (device, minute) is held by another record. */
export interface MinuteTaken {
  /** Index of the refused record in the command's `records`. */
  at: number;
  id: string;
  /** The record that holds the minute: recorded before, or earlier in the command. */
  recorded_id: string;
}

export interface DayDecision {
  /** One per new record, in the command's order. */
  events: ActivityEvent[];
  /** In the command's order. Records neither here nor in `events` were known already (sent again). */
  refused: MinuteTaken[];
}

/** The decision, refusals included (the decider's `decide` is its events). Pure. */
export function decideDay(command: RecordMinutes, day: ActivityDay): DayDecision {
  const events: ActivityEvent[] = [];
  const refused: MinuteTaken[] = [];
  // What the command's own new records add to the day, as the later ones of the command see it.
  const ids = new Set<string>();
  const slots = new Map<string, string>();
  const totals = new Map<string, number>();
  command.records.forEach(({ id, data }, at) => {
    if (ids.has(id) || day.knows(id)) return;
    const key = slotKey(data.minute_start, data.device_id);
    const holder = slots.get(key) ?? day.holderOf(data.device_id, data.minute_start);
    if (holder !== undefined) {
      refused.push({ at, id, recorded_id: holder });
      return;
    }
    const before = totals.get(data.minute_start) ?? day.countedSeconds(data.minute_start);
    const counted = Math.min(data.active_seconds, SECONDS_PER_MINUTE - before);
    ids.add(id);
    slots.set(key, id);
    totals.set(data.minute_start, before + counted);
    events.push({ id, type: ActivityRecorded.type, data: withCounted(data, counted, before === 0 && counted > 0) });
  });
  return { events, refused };
}

export const activityDay: Decider<RecordMinutes, ActivityEvent, ActivityDay> = {
  initialState: ActivityDay.empty,
  evolve: (day, event) => day.with(event),
  decide: (command, day) => decideDay(command, day).events,
};
