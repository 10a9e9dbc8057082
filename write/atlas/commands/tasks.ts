/**
 * Tasks. The task decider holds the rules; this file gathers the facts it needs: the project
 * (organization, archived), the actor's role and the assignee's membership, all read from their
 * own streams. Only members see a task; to anyone else it does not exist.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, parseInput } from '../../domain-error.js';
import { taskStream } from '../events.js';
import { DescriptionSchema, LocalDateSchema, TaskTitleSchema, UserIdSchema } from '../../schemas.js';
import { task, type TaskCommand } from '../task.js';
import { membershipOf, resourceId } from './access.js';
import { load, contextOf, run, type Actor, type WriteDeps, type InputWith } from '../../command.js';
import { visibleProject } from './projects.js';
import { taskView, type TaskView } from './views.js';

export const CreateTaskInput = z.object({
  title: TaskTitleSchema,
  description: DescriptionSchema.nullish().transform((d) => d ?? null),
  due_date: LocalDateSchema.nullish().transform((d) => d ?? null),
});
export const AssignTaskInput = z.object({ user_id: UserIdSchema });

async function visibleTask(deps: WriteDeps, taskId: unknown, actor: Actor) {
  const id = resourceId(taskId, 'task');
  const { state } = await load(deps, taskStream(id), task);
  if (!state.exists) throw new DomainError('not_found', 'task not found');
  const membership = await membershipOf(deps, state.organization_id, actor, 'task');
  return { task: state, ...membership };
}

export async function createTask(deps: WriteDeps, input: InputWith<'project_id'>, actor: Actor): Promise<TaskView> {
  const visible = await visibleProject(deps, input.project_id, actor);
  const { title, description, due_date } = parseInput(CreateTaskInput, input);
  const task_id = randomUUID();
  const context = contextOf(deps, actor);
  const { project_id, organization_id, archived } = visible.project;
  const { state } = await run(deps, context, taskStream(task_id), task, {
    type: 'CreateTask',
    task_id,
    project: { project_id, organization_id, archived },
    title,
    description,
    due_date,
    actor: visible.actor,
    now: context.now,
  });
  return taskView(state);
}

export async function getTask(deps: WriteDeps, input: InputWith<'task_id'>, actor: Actor): Promise<TaskView> {
  return taskView((await visibleTask(deps, input.task_id, actor)).task);
}

export async function assignTask(deps: WriteDeps, input: InputWith<'task_id'>, actor: Actor): Promise<TaskView> {
  const visible = await visibleTask(deps, input.task_id, actor);
  const { user_id } = parseInput(AssignTaskInput, input);
  const member = visible.organization.members.get(user_id);
  return act(deps, visible.task.task_id, actor, (now) => ({
    type: 'AssignTask',
    assignee: { user_id, membership: member ? { username: member.username, role: member.role } : null },
    actor: visible.actor,
    now,
  }));
}

export async function startTask(deps: WriteDeps, input: InputWith<'task_id'>, actor: Actor): Promise<TaskView> {
  const visible = await visibleTask(deps, input.task_id, actor);
  return act(deps, visible.task.task_id, actor, (now) => ({ type: 'StartTask', actor: visible.actor, now }));
}

export async function completeTask(deps: WriteDeps, input: InputWith<'task_id'>, actor: Actor): Promise<TaskView> {
  const visible = await visibleTask(deps, input.task_id, actor);
  return act(deps, visible.task.task_id, actor, (now) => ({ type: 'CompleteTask', actor: visible.actor, now }));
}

async function act(
  deps: WriteDeps,
  taskId: string,
  actor: Actor,
  command: (now: Date) => TaskCommand,
): Promise<TaskView> {
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, taskStream(taskId), task, command(context.now));
  return taskView(state);
}
