/**
 * Activity records → the rollups they add to: the user's day and hour (user's zone), the
 * organization's day and the member's day in it (organization's zone), the task, the device's day
 * (session), and the version stamps the API caches answers under. Only `$inc`, `$min`, `$max`,
 * `$setOnInsert` and `$addToSet` on documents named by `_id`, so every write commutes and a
 * rebuild gives the same documents in any batch split.
 *
 * Productive time is what each record counts for its user's minute (`counted_seconds`, at most
 * 60 s per user-minute however many devices report it), and an active minute is counted by the
 * record that opened it (`counted_active_minute`): both decided on the write side, so summing them
 * here caps nothing and needs nothing but the event. Keystrokes and the other inputs add up over
 * every record; `records` counts records (devices' minutes, idle ones included).
 *
 * Distinct active members per organization day without reading: a record that counts seconds adds
 * its member to the day's `member_ids` set (`$addToSet`), which counts each member once within a
 * batch and across batches; readers count the set.
 *
 * `ActivityRollups` sums any number of minutes into one write per document. Most of the log is
 * activity minutes, each touching seven or eight documents; summed per batch here, typed, a
 * rebuild makes one write per document instead of eight generic writes per minute to fold.
 * One minute alone is `activityWrites`. Pure.
 */
import type { ActivityData } from '../../write/codecrafters/events.js';
import type { WriteOp } from '../../stores/reads/port.js';
import {
  CODECRAFTERS_COLLECTIONS as C,
  orgDayId,
  orgMemberDayId,
  orgVersionId,
  userDayId,
  userVersionId,
  type Counters,
} from './models.js';
import { LastSlots } from './last-slots.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** One document's write in the making. */
interface Rollup {
  $inc: Counters;
  $setOnInsert: Record<string, unknown>;
  /** Earliest and latest `minute_start` counted (documents with a span, see `SPANS`). */
  first: string;
  last: string;
  /** Members with an active minute, in first-seen order (organization days only). */
  members?: number[];
}

/**
 * The span fields of each collection that has one: `$min` of the first minute's start, `$max`
 * of the last minute's start, or (`ends`) of its end, a minute later.
 */
const SPANS: ReadonlyMap<string, { min: string; max: string; ends: boolean }> = new Map([
  [C.userDaily, { min: 'first_minute_start', max: 'last_minute_start', ends: false }],
  [C.orgMemberDaily, { min: 'first_minute_start', max: 'last_minute_start', ends: false }],
  [C.taskTime, { min: 'first_minute_start', max: 'last_minute_start', ends: false }],
  [C.sessions, { min: 'started_at', max: 'ended_at', ends: true }],
]);

/** The documents a user's last minute went to (`LastSlots`). */
interface Slot {
  day: Rollup;
  orgDay: Rollup;
  memberDay: Rollup;
  /** By hour of the user's day. */
  hours: Array<Rollup | undefined>;
  /** By device, and by task. */
  sessions: Map<string, Rollup>;
  tasks: Map<string, Rollup>;
}

const zero = (): Counters => ({
  active_seconds: 0,
  records: 0,
  active_minutes: 0,
  keystrokes: 0,
  clicks: 0,
  scrolls: 0,
  mouse_distance_px: 0,
});

function count(rollup: Rollup, data: ActivityData): void {
  const into = rollup.$inc;
  into.active_seconds += data.counted_seconds;
  into.records += 1;
  if (data.counted_active_minute) into.active_minutes += 1;
  into.keystrokes += data.keystrokes;
  into.clicks += data.clicks;
  into.scrolls += data.scrolls;
  into.mouse_distance_px += data.mouse_distance_px;
  const minute = data.minute_start; // ISO 8601 UTC, fixed width: string order is time order
  if (minute < rollup.first) rollup.first = minute;
  if (minute > rollup.last) rollup.last = minute;
}

export class ActivityRollups {
  /** Collection → `_id` → its write in the making (documents in first-touched order). */
  private readonly rollups = new Map<string, Map<string, Rollup>>(
    [C.userDaily, C.userHourly, C.orgDaily, C.orgMemberDaily, C.sessions, C.taskTime].map((collection) => [
      collection,
      new Map(),
    ]),
  );
  /** Version stamp `_id` → the highest position seen. */
  private readonly versions = new Map<string, number>();
  /** User → the documents of their last minute. */
  private readonly slots = new LastSlots<Slot>((data) => this.openSlot(data));

  /** Adds one record, recorded at log `position`. */
  add(data: ActivityData, position: number): void {
    const slot = this.slots.of(data);
    count(slot.day, data);
    count((slot.hours[data.user_hour] ??= this.hourOf(data)), data);
    count(slot.orgDay, data);
    if (data.counted_seconds > 0) {
      const members = (slot.orgDay.members ??= []);
      if (!members.includes(data.user_id)) members.push(data.user_id);
    }
    count(slot.memberDay, data);
    let session = slot.sessions.get(data.device_id);
    if (!session) slot.sessions.set(data.device_id, (session = this.sessionOf(data)));
    count(session, data);
    if (data.task_id !== null && data.project_id !== null) {
      let task = slot.tasks.get(data.task_id);
      if (!task) slot.tasks.set(data.task_id, (task = this.taskOf(data)));
      count(task, data);
    }
    this.stamp(orgVersionId(data.organization_id), position);
    this.stamp(userVersionId(data.user_id), position);
  }

  /** One upsert per document touched. */
  writes(): WriteOp[] {
    const out: WriteOp[] = [];
    for (const [collection, rollups] of this.rollups) {
      const span = SPANS.get(collection);
      for (const [_id, { $inc, $setOnInsert, first, last, members }] of rollups) {
        out.push({
          kind: 'update',
          collection,
          filter: { _id },
          update: {
            $inc: $inc as unknown as Record<string, number>,
            ...(span
              ? {
                  $min: { [span.min]: first },
                  $max: { [span.max]: span.ends ? new Date(Date.parse(last) + 60_000).toISOString() : last },
                }
              : {}),
            $setOnInsert,
            ...(members ? { $addToSet: { member_ids: { $each: members } } } : {}),
          },
          upsert: true,
        });
      }
    }
    for (const [_id, position] of this.versions) {
      out.push({
        kind: 'update',
        collection: C.versions,
        filter: { _id },
        update: { $max: { position } },
        upsert: true,
      });
    }
    return out;
  }

  private openSlot({ user_id, user_date, organization_id, org_date }: ActivityData): Slot {
    return {
      day: this.rollup(C.userDaily, userDayId(user_id, user_date), () => ({ user_id, date: user_date })),
      orgDay: this.rollup(C.orgDaily, orgDayId(organization_id, org_date), () => ({ organization_id, date: org_date })),
      memberDay: this.rollup(C.orgMemberDaily, orgMemberDayId(organization_id, org_date, user_id), () => ({
        organization_id,
        user_id,
        date: org_date,
      })),
      hours: [],
      sessions: new Map(),
      tasks: new Map(),
    };
  }

  private hourOf({ user_id, user_date, user_hour }: ActivityData): Rollup {
    return this.rollup(C.userHourly, `${userDayId(user_id, user_date)}T${pad2(user_hour)}`, () => ({
      user_id,
      date: user_date,
      hour: user_hour,
    }));
  }

  private sessionOf({ user_id, user_date, device_id }: ActivityData): Rollup {
    return this.rollup(C.sessions, `${userDayId(user_id, user_date)}:${device_id}`, () => ({
      user_id,
      device_id,
      date: user_date,
    }));
  }

  private taskOf({ task_id, user_id, project_id, organization_id }: ActivityData): Rollup {
    return this.rollup(C.taskTime, `${task_id}:${user_id}`, () => ({ task_id, user_id, project_id, organization_id }));
  }

  /** The document's write in the making, begun (empty) if it is the batch's first minute on it. */
  private rollup(collection: string, id: string, inserted: () => Record<string, unknown>): Rollup {
    const documents = this.rollups.get(collection)!;
    let rollup = documents.get(id);
    if (!rollup) documents.set(id, (rollup = { $inc: zero(), $setOnInsert: inserted(), first: '\uffff', last: '' }));
    return rollup;
  }

  private stamp(id: string, position: number): void {
    const known = this.versions.get(id);
    if (known === undefined || position > known) this.versions.set(id, position);
  }
}

/** The writes of one record. */
export function activityWrites(data: ActivityData, position: number): WriteOp[] {
  const rollups = new ActivityRollups();
  rollups.add(data, position);
  return rollups.writes();
}
