/**
 * `GET /api/v1/productivity/tasks/:task_id`: time spent on a task (`task_time_tracking`), per
 * user. Owners and managers of the task's organization see everyone's time; a member sees their
 * own only (the totals are then theirs).
 */
import type { MembershipDoc, TaskDoc } from '../../projections/atlas/models.js';
import { CODECRAFTERS_COLLECTIONS, type TaskTimeDoc } from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';
import { hoursOf, minuteEnd } from './hours.js';
import type { TaskAnswer } from './schemas.js';

export async function readTaskTime(readModels: ReadModels, task: TaskDoc, onlyUser: number | null) {
  const filter = onlyUser === null ? { task_id: task.id } : { _id: `${task.id}:${onlyUser}` };
  const [docs, members] = await Promise.all([
    readModels.find<TaskTimeDoc>(CODECRAFTERS_COLLECTIONS.taskTime, filter),
    readModels.find<MembershipDoc>('memberships', { organization_id: task.organization_id }),
  ]);
  return { docs, usernames: new Map(members.map((m) => [m.user_id, m.username])) };
}

export function taskReport(
  task: TaskDoc,
  scope: TaskAnswer['scope'],
  docs: readonly TaskTimeDoc[],
  usernames: ReadonlyMap<number, string>,
): TaskAnswer {
  let total = 0;
  let minutes = 0;
  let first: string | null = null;
  let last: string | null = null;
  const users = [...docs]
    .sort((a, b) => b.active_seconds - a.active_seconds || a.user_id - b.user_id)
    .map((doc) => {
      total += doc.active_seconds;
      minutes += doc.active_minutes;
      if (first === null || doc.first_minute_start < first) first = doc.first_minute_start;
      if (last === null || doc.last_minute_start > last) last = doc.last_minute_start;
      return {
        user_id: doc.user_id,
        username: usernames.get(doc.user_id) ?? null,
        productive_seconds: doc.active_seconds,
        productive_hours: hoursOf(doc.active_seconds),
        active_minutes: doc.active_minutes,
        first_activity_at: doc.first_minute_start,
        last_activity_at: minuteEnd(doc.last_minute_start),
      };
    });
  return {
    task_id: task.id,
    title: task.title,
    project_id: task.project_id,
    organization_id: task.organization_id,
    status: task.status,
    scope,
    total_productive_seconds: total,
    total_productive_hours: hoursOf(total),
    active_minutes: minutes,
    first_activity_at: first,
    last_activity_at: last === null ? null : minuteEnd(last),
    users,
  };
}
