/**
 * The demo's projects and tasks in Atlas, found by name (created when missing) and moved forward
 * to their planned state: assigned by the project's lead, started and completed by the assignee.
 * A task already at or past its planned state is left alone, so a second run changes nothing.
 */
import type { Account } from './accounts.js';
import type { AtlasClient } from './api/atlas.js';
import type { Task } from './api/schemas.js';
import type { Organization } from './organization.js';
import type { Person } from './people.js';
import { assigneeOf, dueDate, leadOf, PROJECTS, type PlannedProject, type PlannedTask } from './work.js';

export interface ProjectWork {
  id: string;
  name: string;
  tasks: Task[];
}

export interface Work {
  projects: ProjectWork[];
  /** What this run created or moved (0 on a second run). */
  changes: number;
}

const RANK = { created: 0, assigned: 1, started: 2, completed: 3 } as const;

function stateOf(task: Task): keyof typeof RANK {
  if (task.status === 'completed') return 'completed';
  if (task.status === 'started') return 'started';
  return task.assignee_id === null ? 'created' : 'assigned';
}

interface Context {
  atlas: AtlasClient;
  accountOf: (person: Person) => Account;
  now: number;
}

async function ensureTask(
  context: Context,
  projectId: string,
  lead: Account,
  existing: Task | undefined,
  planned: PlannedTask,
  assignee: Person | null,
): Promise<{ task: Task; changes: number }> {
  const { atlas } = context;
  let changes = 0;
  let task =
    existing ??
    (await atlas.createTask(await lead.token(), projectId, {
      title: planned.title,
      description: planned.description,
      due_date: dueDate(context.now, planned.due_in_days),
    }));
  if (!existing) changes++;
  const worker = assignee ? context.accountOf(assignee) : null;
  const wanted = RANK[planned.state];
  if (worker && wanted >= RANK.assigned && task.assignee_id === null) {
    task = await atlas.assign(await lead.token(), task.id, worker.user_id);
    changes++;
  }
  // Started and completed by whoever it is assigned to, as they would; by the lead if that is not one of ours.
  const actor = task.assignee_id === worker?.user_id && worker ? worker : lead;
  if (wanted >= RANK.started && RANK[stateOf(task)] < RANK.started) {
    task = await atlas.start(await actor.token(), task.id);
    changes++;
  }
  if (wanted >= RANK.completed && RANK[stateOf(task)] < RANK.completed) {
    task = await atlas.complete(await actor.token(), task.id);
    changes++;
  }
  return { task, changes };
}

async function ensureProject(
  context: Context,
  organizationId: string,
  planned: PlannedProject,
  cast: readonly Person[],
  existing: { id: string; name: string } | undefined,
  firstIndex: number,
): Promise<{ project: ProjectWork; changes: number }> {
  const lead = context.accountOf(leadOf(planned, cast));
  let changes = 0;
  const project =
    existing ??
    (await context.atlas.createProject(await lead.token(), organizationId, planned.name, planned.description));
  if (!existing) changes++;
  const present = existing ? await context.atlas.tasks(await lead.token(), project.id) : [];
  const tasks: Task[] = [];
  for (const [i, plannedTask] of planned.tasks.entries()) {
    const found = present.find((t) => t.title === plannedTask.title);
    const assignee = assigneeOf(plannedTask, firstIndex + i, cast);
    const done = await ensureTask(context, project.id, lead, found, plannedTask, assignee);
    tasks.push(done.task);
    changes += done.changes;
  }
  return { project: { id: project.id, name: project.name, tasks }, changes };
}

export async function ensureWork(
  atlas: AtlasClient,
  organization: Organization,
  owner: Account,
  cast: readonly Person[],
  accountOf: (person: Person) => Account,
  now: number,
): Promise<Work> {
  const context: Context = { atlas, accountOf, now };
  // An organization created by this run has no projects (and the read models may not show it yet).
  const existing = organization.created ? [] : await atlas.projects(await owner.token(), organization.id);
  const firstIndexes = PROJECTS.map((_, i) => PROJECTS.slice(0, i).reduce((n, p) => n + p.tasks.length, 0));
  const done = await Promise.all(
    PROJECTS.map((planned, i) =>
      ensureProject(
        context,
        organization.id,
        planned,
        cast,
        existing.find((p) => p.name === planned.name),
        firstIndexes[i]!,
      ),
    ),
  );
  return { projects: done.map((d) => d.project), changes: done.reduce((n, d) => n + d.changes, 0) };
}

/** The tasks each person works on (assigned to them, started or completed), by user id. */
export function tasksByAssignee(work: Work): Map<number, string[]> {
  const byUser = new Map<number, string[]>();
  for (const project of work.projects)
    for (const task of project.tasks)
      if (task.assignee_id !== null && task.status !== 'open')
        byUser.set(task.assignee_id, [...(byUser.get(task.assignee_id) ?? []), task.id]);
  return byUser;
}
