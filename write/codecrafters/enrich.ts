/**
 * A record becomes an event's data: the record, plus the organization its minute is attributed to
 * (the task's organization when it names a task, else the user's default organization) and the
 * local dates and hour the rollups are keyed by, cut in the zones known now. Pure.
 */
import type { RecordedMinute } from './events.js';
import { localTime } from './local-time.js';
import type { ActivityRecordInput } from './record.js';

export interface TaskPlace {
  project_id: string;
  organization_id: string;
  /** The task's organization's zone. */
  timezone: string;
}

export interface Attribution {
  user_id: number;
  /** The profile's zone, else the default organization's. */
  user_timezone: string;
  default_organization: { id: string; timezone: string };
  /** Every task the batch names. */
  tasks: ReadonlyMap<string, TaskPlace>;
}

/** What the day then counts of it (`counted_seconds`, `counted_active_minute`) is the day's decision (`activity-day.ts`). */
export function enrichRecord(record: ActivityRecordInput, attribution: Attribution): RecordedMinute {
  const at = Date.parse(record.minute_start);
  const taskId = record.task_id ?? null;
  const task = taskId === null ? undefined : attribution.tasks.get(taskId);
  if (taskId !== null && !task) throw new Error(`task ${taskId} was not looked up before enrichment`);
  const organization = task ? { id: task.organization_id, timezone: task.timezone } : attribution.default_organization;
  const user = localTime(attribution.user_timezone, at);
  return {
    device_id: record.device_id,
    minute_start: new Date(at).toISOString(),
    tz_offset_minutes: record.tz_offset_minutes,
    active_seconds: record.active_seconds,
    keystrokes: record.keystrokes,
    clicks: record.clicks,
    scrolls: record.scrolls,
    mouse_distance_px: record.mouse_distance_px,
    task_id: taskId,
    user_id: attribution.user_id,
    project_id: task?.project_id ?? null,
    organization_id: organization.id,
    org_timezone: organization.timezone,
    org_date: localTime(organization.timezone, at).date,
    user_timezone: attribution.user_timezone,
    user_date: user.date,
    user_hour: user.hour,
  };
}
