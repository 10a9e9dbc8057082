/**
 * One activity minute → the rollups it adds to: the user's day and hour (user's zone), the
 * organization's day and the member's day in it (organization's zone), the task, the device's day
 * (session), and the version stamps the API caches answers under. Only `$inc`, `$min`, `$max` and
 * `$setOnInsert` on documents named by `_id`, so every write is commutative and a rebuild gives
 * the same documents in any batch split.
 *
 * Distinct active members per organization day without reading: an active minute adds its member
 * to the day's `member_ids` set (`$addToSet`), which counts each member once within a batch and
 * across batches; readers count the set. One write per minute, no conditional filter to evaluate.
 */
import type { ActivityData } from '../../write/codecrafters/events.js';
import type { UpdateDoc, WriteOp } from '../../stores/reads/port.js';
import { CODECRAFTERS_COLLECTIONS as C, orgDayId, orgMemberDayId, orgVersionId, userDayId, userVersionId, type Counters } from './models.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function countersOf(data: ActivityData): Counters {
  return {
    active_seconds: data.active_seconds,
    records: 1,
    active_minutes: data.active_seconds > 0 ? 1 : 0,
    keystrokes: data.keystrokes,
    clicks: data.clicks,
    scrolls: data.scrolls,
    mouse_distance_px: data.mouse_distance_px,
  };
}

const upsert = (collection: string, _id: string, update: UpdateDoc): WriteOp => ({
  kind: 'update',
  collection,
  filter: { _id },
  update,
  upsert: true,
});

export function activityWrites(data: ActivityData, position: number): WriteOp[] {
  const $inc = countersOf(data) as unknown as Record<string, number>;
  const minute = data.minute_start;
  const span = { $min: { first_minute_start: minute }, $max: { last_minute_start: minute } };
  const { user_id, organization_id } = data;
  const writes: WriteOp[] = [
    upsert(C.userDaily, userDayId(user_id, data.user_date), { $inc, ...span, $setOnInsert: { user_id, date: data.user_date } }),
    upsert(C.userHourly, `${userDayId(user_id, data.user_date)}T${pad2(data.user_hour)}`, {
      $inc,
      $setOnInsert: { user_id, date: data.user_date, hour: data.user_hour },
    }),
    upsert(C.orgDaily, orgDayId(organization_id, data.org_date), {
      $inc,
      $setOnInsert: { organization_id, date: data.org_date },
      ...(data.active_seconds > 0 ? { $addToSet: { member_ids: user_id } } : {}),
    }),
    upsert(C.orgMemberDaily, orgMemberDayId(organization_id, data.org_date, user_id), {
      $inc,
      ...span,
      $setOnInsert: { organization_id, user_id, date: data.org_date },
    }),
    upsert(C.sessions, `${userDayId(user_id, data.user_date)}:${data.device_id}`, {
      $inc,
      $min: { started_at: minute },
      $max: { ended_at: new Date(Date.parse(minute) + 60_000).toISOString() },
      $setOnInsert: { user_id, device_id: data.device_id, date: data.user_date },
    }),
    upsert(C.versions, orgVersionId(organization_id), { $max: { position } }),
    upsert(C.versions, userVersionId(user_id), { $max: { position } }),
  ];
  if (data.task_id !== null && data.project_id !== null) {
    writes.push(
      upsert(C.taskTime, `${data.task_id}:${user_id}`, {
        $inc,
        ...span,
        $setOnInsert: { task_id: data.task_id, user_id, project_id: data.project_id, organization_id },
      }),
    );
  }
  return writes;
}
