/**
 * Atlas's read models (logical collection names and document shapes): the contract between the
 * Atlas projections in this folder, the list routes on :8000, and the partners, which read
 * memberships, organizations, users, projects and tasks to decide who sees what.
 */
import type { MemberView, OrganizationView, ProjectView, TaskView } from '../../write/atlas/commands/views.js';

/**
 * A document that is what the commands answer (`write/atlas/commands/views.ts`) plus its `_id`:
 * one source of truth for the shape. Mapped, so that it is a type literal, which the read store's
 * `Doc` (an index signature) accepts and an interface is not.
 */
type StoredView<View> = { [K in keyof View]: View[K] } & { _id: string };

/** `users`: `_id` = String(user id). No email, no password hash. */
export type UserDoc = {
  _id: string;
  id: number;
  username: string;
  personal_organization_id: string;
  registered_at: string;
};

/** `organizations`: `_id` = organization id; the organization as the commands show it, its members counted, not listed. */
export type OrganizationDoc = StoredView<Omit<OrganizationView, 'members'> & { member_count: number }>;

/** `memberships`: `_id` = `<organization_id>:<user_id>`; one per member of an organization, as the commands show a member. */
export type MembershipDoc = StoredView<MemberView>;

/** `projects`: `_id` = project id; the project as the commands show it. */
export type ProjectDoc = StoredView<ProjectView>;

/** `tasks`: `_id` = task id; the task as the commands show it. */
export type TaskDoc = StoredView<TaskView>;

export const membershipId = (organization_id: string, user_id: number): string => `${organization_id}:${user_id}`;

export const ATLAS_COLLECTIONS = {
  users: 'users',
  organizations: 'organizations',
  memberships: 'memberships',
  projects: 'projects',
  tasks: 'tasks',
} as const;
