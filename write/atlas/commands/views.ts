/**
 * What the application services answer: plain snake_case records built from decider states, with
 * the resource's own id as `id` (design §5). Never the password hash.
 */
import { DomainError } from '../../domain-error.js';
import type { Member, OrganizationState } from '../organization.js';
import type { ProjectState } from '../project.js';
import type { TaskState, TaskStatus } from '../task.js';
import type { UserState } from '../user.js';
import type { Role } from '../../schemas.js';

export interface UserView {
  id: number;
  username: string;
  email: string;
  personal_organization_id: string;
  registered_at: string;
}

export interface MemberView {
  organization_id: string;
  user_id: number;
  username: string;
  role: Role;
  joined_at: string;
}

export interface OrganizationView {
  id: string;
  name: string;
  owner_id: number;
  personal: boolean;
  timezone: string;
  created_at: string;
  members: Omit<MemberView, 'organization_id'>[];
}

export interface ProjectView {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  archived: boolean;
  created_by: number;
  created_at: string;
  archived_at: string | null;
}

export interface TaskView {
  id: string;
  project_id: string;
  organization_id: string;
  title: string;
  description: string | null;
  due_date: string | null;
  status: TaskStatus;
  assignee_id: number | null;
  created_by: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

function notFound(what: string): never {
  throw new DomainError('not_found', `${what} not found`);
}

export function userView(state: UserState): UserView {
  if (!state.registered) notFound('user');
  const { user_id, username, email, personal_organization_id, registered_at } = state;
  return { id: user_id, username, email, personal_organization_id, registered_at };
}

export function memberView(organization_id: string, { user_id, username, role, joined_at }: Member): MemberView {
  return { organization_id, user_id, username, role, joined_at };
}

export function organizationView(state: OrganizationState): OrganizationView {
  if (!state.exists) notFound('organization');
  const { organization_id, name, owner_id, personal, timezone, created_at, members } = state;
  return {
    id: organization_id,
    name,
    owner_id,
    personal,
    timezone,
    created_at,
    members: [...members.values()].map(({ user_id, username, role, joined_at }) => ({
      user_id,
      username,
      role,
      joined_at,
    })),
  };
}

export function projectView(state: ProjectState): ProjectView {
  if (!state.exists) notFound('project');
  const { project_id, organization_id, name, description, archived, created_by, created_at, archived_at } = state;
  return { id: project_id, organization_id, name, description, archived, created_by, created_at, archived_at };
}

export function taskView(state: TaskState): TaskView {
  if (!state.exists) notFound('task');
  return {
    id: state.task_id,
    project_id: state.project_id,
    organization_id: state.organization_id,
    title: state.title,
    description: state.description,
    due_date: state.due_date,
    status: state.status,
    assignee_id: state.assignee_id,
    created_by: state.created_by,
    created_at: state.created_at,
    started_at: state.started_at,
    completed_at: state.completed_at,
  };
}
