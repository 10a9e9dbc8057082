/**
 * The tasks the productivity views show time for. Code Crafters answers per task
 * (`GET /api/v1/productivity/tasks/:id`, all-time totals), so the views first ask Atlas which
 * tasks there are: the viewer's own (assigned to them) for "my productivity", the organization's
 * newest for the team's top tasks. At most `TASK_LIMIT` tasks, a few calls at a time.
 */
import { atlas, type Task } from '../../api/atlas.js';
import { codecrafters, type TaskAnswer } from '../../api/codecrafters.js';
import { ProblemError } from '../../api/problem.js';
import { mapLimit } from '../../lib/map-limit.js';

export const TASK_LIMIT = 60;
const PARALLEL = 4;

export interface TaskList {
  tasks: Task[];
  /** More tasks exist than were taken (over `TASK_LIMIT`, or past Atlas's first page). */
  truncated: boolean;
}

async function tasksOf(organizationIds: readonly string[]): Promise<TaskList> {
  const projects = await mapLimit(organizationIds, PARALLEL, (id) => atlas.projects(id));
  const pages = await mapLimit(
    projects.flatMap((page) => page.items),
    PARALLEL,
    (project) => atlas.tasks(project.id),
  );
  const truncated = [...projects, ...pages].some((page) => page.next_cursor !== null);
  return { tasks: pages.flatMap((page) => page.items), truncated };
}

const newestFirst = (a: Task, b: Task) => b.created_at.localeCompare(a.created_at);

function capped({ tasks, truncated }: TaskList): TaskList {
  const sorted = [...tasks].sort(newestFirst);
  return { tasks: sorted.slice(0, TASK_LIMIT), truncated: truncated || sorted.length > TASK_LIMIT };
}

/** The tasks assigned to `userId` in these organizations, newest first. */
export async function assignedTasks(organizationIds: readonly string[], userId: number): Promise<TaskList> {
  const all = await tasksOf(organizationIds);
  return capped({ tasks: all.tasks.filter((task) => task.assignee_id === userId), truncated: all.truncated });
}

/** The organization's tasks, newest first. */
export async function organizationTasks(organizationId: string): Promise<TaskList> {
  return capped(await tasksOf([organizationId]));
}

/** Code Crafters' answer for each task; one it does not show (404: not yet, or not to you) is left out. */
export async function taskAnswers(tasks: readonly Task[]): Promise<TaskAnswer[]> {
  const answers = await mapLimit(tasks, PARALLEL, (task) =>
    codecrafters.task(task.id).catch((error: unknown) => {
      if (error instanceof ProblemError && error.status === 404) return null;
      throw error;
    }),
  );
  return answers.filter((answer): answer is TaskAnswer => answer !== null);
}
