/**
 * A task: open → started → completed, with an assignee from the organization's members.
 * - any member creates tasks (not on archived projects) and sees them; non-members are told the
 *   task does not exist;
 * - owners and managers assign anyone; a member may only take an unassigned task for themself;
 * - the assignee, or an owner or manager, starts and completes; completing an open task starts it
 *   implicitly (both events, same instant), completing twice is a conflict.
 * Events repeat organization, project, assignee and due date so readers need no lookups.
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { AtlasEventOf } from './events.js';
import type { Role } from '../schemas.js';
import { isManagerOrOwner } from './organization.js';
import type { OrganizationActor } from './project.js';

export type TaskEvent = AtlasEventOf<
  'atlas.TaskCreated' | 'atlas.TaskAssigned' | 'atlas.TaskStarted' | 'atlas.TaskCompleted'
>;

export type TaskCommand =
  | {
      type: 'CreateTask';
      task_id: string;
      project: { project_id: string; organization_id: string; archived: boolean };
      title: string;
      description: string | null;
      due_date: string | null;
      actor: OrganizationActor;
      now: Date;
    }
  | {
      type: 'AssignTask';
      /** The user to assign, with their membership of the task's organization (null: not a member). */
      assignee: { user_id: number; membership: { username: string; role: Role } | null };
      actor: OrganizationActor;
      now: Date;
    }
  | { type: 'StartTask'; actor: OrganizationActor; now: Date }
  | { type: 'CompleteTask'; actor: OrganizationActor; now: Date };

export type TaskStatus = 'open' | 'started' | 'completed';

export type TaskState =
  | { exists: false }
  | ({
      exists: true;
      status: TaskStatus;
      assignee_id: number | null;
      started_at: string | null;
      completed_at: string | null;
    } & AtlasEventOf<'atlas.TaskCreated'>['data']);

type ExistingTask = Extract<TaskState, { exists: true }>;

function evolve(state: TaskState, event: TaskEvent): TaskState {
  if (event.type === 'atlas.TaskCreated') {
    return { exists: true, status: 'open', assignee_id: null, started_at: null, completed_at: null, ...event.data };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'atlas.TaskAssigned':
      return { ...state, assignee_id: event.data.assignee_id };
    case 'atlas.TaskStarted':
      return { ...state, status: 'started', started_at: event.data.started_at };
    case 'atlas.TaskCompleted':
      return { ...state, status: 'completed', completed_at: event.data.completed_at };
  }
}

function create(command: Extract<TaskCommand, { type: 'CreateTask' }>, state: TaskState): TaskEvent[] {
  const { project, actor } = command;
  if (actor.role === null) throw new DomainError('not_found', 'project not found');
  if (project.archived) throw new DomainError('conflict', 'the project is archived and takes no new tasks');
  if (state.exists) throw new DomainError('conflict', `task ${command.task_id} already exists`);
  return [
    {
      type: 'atlas.TaskCreated',
      data: {
        task_id: command.task_id,
        project_id: project.project_id,
        organization_id: project.organization_id,
        title: command.title,
        description: command.description,
        due_date: command.due_date,
        created_by: actor.user_id,
        created_at: command.now.toISOString(),
      },
    },
  ];
}

/** The assignee, or an owner or manager, may move the task along. */
function mayWorkOn(task: ExistingTask, actor: OrganizationActor): boolean {
  return task.assignee_id === actor.user_id || isManagerOrOwner(actor.role);
}

function decide(command: TaskCommand, state: TaskState): TaskEvent[] {
  if (command.type === 'CreateTask') return create(command, state);
  const { actor } = command;
  if (!state.exists || actor.role === null) throw new DomainError('not_found', 'task not found');
  const at = command.now.toISOString();
  const { task_id, project_id, organization_id, due_date } = state;
  const about = { task_id, project_id, organization_id };

  switch (command.type) {
    case 'AssignTask': {
      const { assignee } = command;
      if (assignee.membership === null) {
        throw new DomainError('invalid', `user ${assignee.user_id} is not a member of the organization`, '/user_id');
      }
      const selfClaim = assignee.user_id === actor.user_id && (state.assignee_id ?? actor.user_id) === actor.user_id;
      if (!isManagerOrOwner(actor.role) && !selfClaim) {
        throw new DomainError('forbidden', 'members may only take unassigned tasks for themselves');
      }
      if (state.status === 'completed') throw new DomainError('conflict', 'the task is completed');
      if (state.assignee_id === assignee.user_id) return [];
      return [
        {
          type: 'atlas.TaskAssigned',
          data: {
            ...about,
            assignee_id: assignee.user_id,
            assignee_username: assignee.membership.username,
            previous_assignee_id: state.assignee_id,
            due_date,
            assigned_by: actor.user_id,
            assigned_at: at,
          },
        },
      ];
    }
    case 'StartTask': {
      if (!mayWorkOn(state, actor)) {
        throw new DomainError('forbidden', 'only the assignee, a manager or an owner may start the task');
      }
      if (state.status !== 'open') throw new DomainError('conflict', `the task is already ${state.status}`);
      return [started(state, actor, at)];
    }
    case 'CompleteTask': {
      if (!mayWorkOn(state, actor)) {
        throw new DomainError('forbidden', 'only the assignee, a manager or an owner may complete the task');
      }
      if (state.status === 'completed') throw new DomainError('conflict', 'the task is already completed');
      const start = state.status === 'open' ? [started(state, actor, at)] : [];
      return [
        ...start,
        {
          type: 'atlas.TaskCompleted',
          data: {
            ...about,
            assignee_id: state.assignee_id,
            due_date,
            started_at: state.started_at ?? at,
            completed_by: actor.user_id,
            completed_at: at,
          },
        },
      ];
    }
  }
}

function started(task: ExistingTask, actor: OrganizationActor, at: string): TaskEvent {
  const { task_id, project_id, organization_id, assignee_id, due_date } = task;
  return {
    type: 'atlas.TaskStarted',
    data: { task_id, project_id, organization_id, assignee_id, due_date, started_by: actor.user_id, started_at: at },
  };
}

export const task: Decider<TaskCommand, TaskEvent, TaskState> = { initialState: { exists: false }, evolve, decide };
