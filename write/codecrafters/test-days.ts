/**
 * For tests: agent records → the events the user's activity days decide for them, as the write
 * side appends them (one day per user and UTC date, checked against the catalogue), without a
 * store. Read models' tests build their logs with it, so their events count what the write side
 * would count (devices sharing a minute, the same minute sent again).
 */
import { parseEventData } from '../catalogue.js';
import { activityDay, decideDay, type ActivityDay } from './activity-day.js';
import type { ActivityEvent } from './activity-read.js';
import { enrichRecord, type Attribution } from './enrich.js';
import { activityStream, type ActivityData, type RecordedMinute } from './events.js';
import type { ActivityRecordInput } from './record.js';

export type Recorded =
  | { kind: 'recorded'; stream: string; event: ActivityEvent }
  | { kind: 'known' }
  | { kind: 'refused'; recorded_id: string };

export class TestDays {
  readonly #days = new Map<string, ActivityDay>();

  /** One record, decided against its day so far. */
  record(record: ActivityRecordInput, attribution: Attribution): Recorded {
    const data = enrichRecord(record, attribution);
    const stream = activityStream(attribution.user_id, data.minute_start.slice(0, 10));
    const day = this.#days.get(stream) ?? activityDay.initialState;
    const { events, refused } = decideDay({ type: 'RecordMinutes', records: [{ id: record.id, data }] }, day);
    if (refused.length > 0) return { kind: 'refused', recorded_id: refused[0]!.recorded_id };
    const [event] = events;
    if (!event) return { kind: 'known' };
    const checked = { ...event, data: parseEventData(event.type, event.data).data as ActivityData };
    this.#days.set(stream, activityDay.evolve(day, checked));
    return { kind: 'recorded', stream, event: checked };
  }
}

/** A recorded minute of user 7 in a UTC organization: 20 keys, 3 clicks, 2 scrolls, 1,000 px. */
export const testMinute = (
  device_id: string,
  minute_start: string,
  active_seconds: number,
  more: Partial<RecordedMinute> = {},
): RecordedMinute => ({
  device_id,
  minute_start,
  tz_offset_minutes: 0,
  active_seconds,
  keystrokes: 20,
  clicks: 3,
  scrolls: 2,
  mouse_distance_px: 1_000,
  task_id: null,
  user_id: 7,
  project_id: null,
  organization_id: '11111111-1111-4111-8111-111111111111',
  org_timezone: 'UTC',
  org_date: minute_start.slice(0, 10),
  user_timezone: 'UTC',
  user_date: minute_start.slice(0, 10),
  user_hour: Number(minute_start.slice(11, 13)),
  ...more,
});
