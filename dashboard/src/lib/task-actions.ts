/**
 * What the viewer may do to a task, as Atlas decides it (write/atlas/task.ts), so the view offers
 * only what the API allows:
 * - owners and managers assign anyone, start and complete any task;
 * - a member may take an unassigned task for themself, and start and complete their own tasks;
 * - a completed task takes no more assignment; starting needs an open task; completing an open
 *   task starts it too.
 */
import { managesTeam, type Role } from './roles.js';

export type TaskStatus = 'open' | 'started' | 'completed';

export interface TaskActions {
  /** `any`: to any member; `self`: the viewer may take it; null: no assignment. */
  assign: 'any' | 'self' | null;
  start: boolean;
  complete: boolean;
}

export function taskActions(
  task: { status: TaskStatus; assignee_id: number | null },
  viewer: { user_id: number; role: Role | null } | null,
): TaskActions {
  if (!viewer || viewer.role === null) return { assign: null, start: false, complete: false };
  const manages = managesTeam(viewer.role);
  const mayWork = manages || task.assignee_id === viewer.user_id;
  let assign: TaskActions['assign'] = null;
  if (task.status !== 'completed') {
    if (manages) assign = 'any';
    else if (task.assignee_id === null) assign = 'self';
  }
  return {
    assign,
    start: mayWork && task.status === 'open',
    complete: mayWork && task.status !== 'completed',
  };
}

/** A task's status in words. */
export const STATUS_WORDS: Record<TaskStatus, string> = { open: 'Open', started: 'Started', completed: 'Completed' };
