/**
 * Atlas's read models (logical collection names and document shapes): the contract between the
 * Atlas projections in this folder, the list routes on :8000, and the partners, which read
 * memberships, organizations, users, projects and tasks to decide who sees what.
 */
export type Role = 'owner' | 'manager' | 'member';
export type TaskStatus = 'open' | 'started' | 'completed';

/** `users`: `_id` = String(user id). No email, no password hash. */
export type UserDoc = {
  _id: string;
  id: number;
  username: string;
  personal_organization_id: string;
  registered_at: string;
};

/** `organizations`: `_id` = organization id. */
export type OrganizationDoc = {
  _id: string;
  id: string;
  name: string;
  owner_id: number;
  personal: boolean;
  timezone: string;
  created_at: string;
  member_count: number;
};

/** `memberships`: `_id` = `<organization_id>:<user_id>`; one per member of an organization. */
export type MembershipDoc = {
  _id: string;
  organization_id: string;
  user_id: number;
  username: string;
  role: Role;
  joined_at: string;
};

/** `projects`: `_id` = project id. */
export type ProjectDoc = {
  _id: string;
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  archived: boolean;
  created_by: number;
  created_at: string;
  archived_at: string | null;
};

/** `tasks`: `_id` = task id. */
export type TaskDoc = {
  _id: string;
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
};

export const membershipId = (organization_id: string, user_id: number): string => `${organization_id}:${user_id}`;

export const ATLAS_COLLECTIONS = {
  users: 'users',
  organizations: 'organizations',
  memberships: 'memberships',
  projects: 'projects',
  tasks: 'tasks',
} as const;
