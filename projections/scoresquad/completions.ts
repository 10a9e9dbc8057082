/**
 * Task completions (from Atlas's `TaskCompleted`) as counters: per member of the organization (the
 * assignee, who was responsible for the task, whoever pressed "complete") and per project.
 *
 * On time means the completion's calendar date in UTC is on or before the due date. The due date
 * is a plain date and the event carries no time zone; a projection sees one event and may not
 * look the organization's zone up, so UTC it is (docs/scoresquad.md says what that costs).
 */
import type { UpdateDoc, WriteOp } from '../../stores/reads/port.js';
import type { AtlasEventOf } from '../../write/atlas/events.js';
import { SCORESQUAD_COLLECTIONS, profileId, profileUuid } from './models.js';

type TaskCompleted = AtlasEventOf<'atlas.TaskCompleted'>['data'];

/** The counters one completion adds, by field of `TaskCounts` (without the month). */
export function completionCounts(task: TaskCompleted): Record<string, number> {
  const completedAt = new Date(task.completed_at);
  const cycle = Math.max(0, completedAt.getTime() - new Date(task.started_at).getTime());
  const counts: Record<string, number> = { completed: 1, cycle_ms_total: cycle };
  if (task.due_date === null) {
    counts.without_due_date = 1;
  } else {
    counts.with_due_date = 1;
    counts[completedAt.toISOString().slice(0, 10) <= task.due_date ? 'on_time' : 'late'] = 1;
  }
  return counts;
}

const under = (prefix: string, counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).map(([field, n]) => [`${prefix}.${field}`, n]));

export function profileUpdate(organization_id: string, user_id: number, update: UpdateDoc): WriteOp {
  return {
    kind: 'update',
    collection: SCORESQUAD_COLLECTIONS.profiles,
    filter: { _id: profileId(organization_id, user_id) },
    update: { ...update, $setOnInsert: { id: profileUuid(organization_id, user_id), user_id, organization_id } },
    upsert: true,
  };
}

export function projectUpdate(project_id: string, organization_id: string, inc: Record<string, number>): WriteOp {
  return {
    kind: 'update',
    collection: SCORESQUAD_COLLECTIONS.projects,
    filter: { _id: project_id },
    update: { $setOnInsert: { project_id, organization_id }, $inc: inc },
    upsert: true,
  };
}

export function completionWrites(task: TaskCompleted): WriteOp[] {
  const counts = completionCounts(task);
  const writes = [projectUpdate(task.project_id, task.organization_id, under('tasks', counts))];
  if (task.assignee_id !== null) {
    const month = task.completed_at.slice(0, 7);
    const inc = { ...under('tasks', counts), [`tasks.by_month.${month}`]: 1 };
    writes.push(profileUpdate(task.organization_id, task.assignee_id, { $inc: inc }));
  }
  return writes;
}
