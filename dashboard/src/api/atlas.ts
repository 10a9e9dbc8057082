/** Atlas (:8000): sign-in, organizations, members, projects, tasks, the device flow, the audit trail. */
import { z } from 'zod';
import { call } from './client.js';

export const Role = z.enum(['owner', 'manager', 'member']);
export type Role = z.infer<typeof Role>;

export const Tokens = z.object({
  access_token: z.string(),
  token_type: z.string(),
  expires_in: z.number(),
  refresh_token: z.string(),
});
export type Tokens = z.infer<typeof Tokens>;

export const User = z.object({
  id: z.number(),
  username: z.string(),
  email: z.string(),
  personal_organization_id: z.string(),
  registered_at: z.string(),
});
export type User = z.infer<typeof User>;

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable(), total: z.number() });

export const MyOrganization = z.object({
  id: z.string(),
  name: z.string(),
  owner_id: z.number(),
  personal: z.boolean(),
  timezone: z.string(),
  created_at: z.string(),
  member_count: z.number(),
  role: Role,
  joined_at: z.string(),
});
export type MyOrganization = z.infer<typeof MyOrganization>;

export const Member = z.object({ user_id: z.number(), username: z.string(), role: Role, joined_at: z.string() });
export type Member = z.infer<typeof Member>;

export const Organization = z.object({
  id: z.string(),
  name: z.string(),
  owner_id: z.number(),
  personal: z.boolean(),
  timezone: z.string(),
  created_at: z.string(),
  members: z.array(Member),
});
export type Organization = z.infer<typeof Organization>;

export const Project = z.object({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  archived: z.boolean(),
  created_by: z.number(),
  created_at: z.string(),
  archived_at: z.string().nullable(),
});
export type Project = z.infer<typeof Project>;

/** open → started → completed; assignment does not change the status. */
export const TaskStatus = z.enum(['open', 'started', 'completed']);
export const Task = z.object({
  id: z.string(),
  project_id: z.string(),
  organization_id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  due_date: z.string().nullable(),
  status: TaskStatus,
  assignee_id: z.number().nullable(),
  created_by: z.number(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

export const DeviceAuthorization = z.object({
  user_code: z.string(),
  status: z.enum(['pending', 'approved', 'denied', 'redeemed']),
  client_name: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string(),
});
export type DeviceAuthorization = z.infer<typeof DeviceAuthorization>;
export const DeviceDecision = z.looseObject({
  user_code: z.string(),
  status: z.enum(['approved', 'denied']),
  client_name: z.string().nullable(),
});

/** One event of an organization, project or task stream, as `GET /api/v1/audit/streams/:stream` answers it. */
export const AuditedEvent = z.object({
  position: z.number(),
  revision: z.number(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.looseObject({
    correlation_id: z.string(),
    causation_id: z.string().nullable(),
    user_id: z.number().nullable(),
    occurred_at: z.string(),
  }),
  recorded_at: z.string(),
});
export type AuditedEvent = z.infer<typeof AuditedEvent>;
export const AuditPage = z.object({
  stream: z.string(),
  events: z.array(AuditedEvent),
  next_from_revision: z.number().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditedKind = z.enum(['organization', 'project', 'task']);
export type AuditedKind = z.infer<typeof AuditedKind>;

/**
 * `GET /api/v1/audit/streams/:stream/as-of?at=`: the entity folded up to a moment. `state` differs
 * by kind (a task, a project, an organization as their GET routes answer them), so it is read
 * loosely: every field the views show is optional here and checked where it is shown.
 */
export const AsOfState = z.looseObject({
  // task
  title: z.string().optional(),
  description: z.string().nullable().optional(),
  project_id: z.string().optional(),
  organization_id: z.string().optional(),
  status: z.string().optional(),
  assignee_id: z.number().nullable().optional(),
  due_date: z.string().nullable().optional(),
  created_at: z.string().optional(),
  started_at: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
  // project
  name: z.string().optional(),
  archived: z.boolean().optional(),
  archived_at: z.string().nullable().optional(),
  // organization
  members: z
    .array(z.looseObject({ user_id: z.number(), role: z.string(), username: z.string().optional() }))
    .optional(),
});
export type AsOfState = z.infer<typeof AsOfState>;
export const AsOf = z.object({
  stream: z.string(),
  kind: AuditedKind,
  at: z.string(),
  revision: z.number().nullable(),
  events_folded: z.number(),
  exists: z.boolean(),
  state: AsOfState.nullable(),
});
export type AsOf = z.infer<typeof AsOf>;

/** The audited stream of an entity: `atlas-task-<id>` (write/atlas/streams.ts). */
export const streamOf = (kind: AuditedKind, id: string): string => `atlas-${kind}-${id}`;

const PAGE = 200;

export const atlas = {
  login: (username: string, password: string) =>
    call('atlas', 'POST', '/api/v1/auth/login', { body: { username, password }, schema: Tokens, auth: false }),
  register: (username: string, email: string, password: string) =>
    call('atlas', 'POST', '/api/v1/auth/register', {
      body: { username, email, password },
      schema: z.looseObject({ id: z.number() }),
      auth: false,
    }),
  refresh: (refresh_token: string) =>
    call('atlas', 'POST', '/api/v1/auth/refresh', { body: { refresh_token }, schema: Tokens, auth: false }),
  logout: (refresh_token: string) =>
    call('atlas', 'POST', '/api/v1/auth/logout', { body: { refresh_token }, schema: null, auth: false }),
  me: () => call('atlas', 'GET', '/api/v1/me', { schema: User }),

  organizations: () =>
    call('atlas', 'GET', '/api/v1/organizations', { query: { limit: PAGE }, schema: page(MyOrganization) }),
  organization: (id: string) =>
    call('atlas', 'GET', `/api/v1/organizations/${encodeURIComponent(id)}`, { schema: Organization }),
  createOrganization: (name: string) =>
    call('atlas', 'POST', '/api/v1/organizations', { body: { name }, schema: z.looseObject({ id: z.string() }) }),
  members: (id: string) =>
    call('atlas', 'GET', `/api/v1/organizations/${encodeURIComponent(id)}/members`, {
      query: { limit: PAGE },
      schema: page(Member),
    }),
  addMember: (id: string, who: { user_id: number } | { username: string }, role: Role) =>
    call('atlas', 'POST', `/api/v1/organizations/${encodeURIComponent(id)}/members`, {
      body: { ...who, role },
      schema: Member,
    }),
  changeRole: (id: string, userId: number, role: Role) =>
    call('atlas', 'PATCH', `/api/v1/organizations/${encodeURIComponent(id)}/members/${userId}`, {
      body: { role },
      schema: Member,
    }),
  projects: (id: string) =>
    call('atlas', 'GET', `/api/v1/organizations/${encodeURIComponent(id)}/projects`, {
      query: { limit: PAGE },
      schema: page(Project),
    }),
  createProject: (id: string, name: string, description?: string) =>
    call('atlas', 'POST', `/api/v1/organizations/${encodeURIComponent(id)}/projects`, {
      body: { name, ...(description ? { description } : {}) },
      schema: Project,
    }),
  project: (id: string) => call('atlas', 'GET', `/api/v1/projects/${encodeURIComponent(id)}`, { schema: Project }),
  archiveProject: (id: string) =>
    call('atlas', 'POST', `/api/v1/projects/${encodeURIComponent(id)}/archive`, { schema: Project }),
  tasks: (projectId: string) =>
    call('atlas', 'GET', `/api/v1/projects/${encodeURIComponent(projectId)}/tasks`, {
      query: { limit: PAGE },
      schema: page(Task),
    }),
  task: (id: string) => call('atlas', 'GET', `/api/v1/tasks/${encodeURIComponent(id)}`, { schema: Task }),
  createTask: (projectId: string, task: { title: string; description?: string; due_date?: string }) =>
    call('atlas', 'POST', `/api/v1/projects/${encodeURIComponent(projectId)}/tasks`, { body: task, schema: Task }),
  assignTask: (id: string, user_id: number) =>
    call('atlas', 'POST', `/api/v1/tasks/${encodeURIComponent(id)}/assign`, { body: { user_id }, schema: Task }),
  startTask: (id: string) => call('atlas', 'POST', `/api/v1/tasks/${encodeURIComponent(id)}/start`, { schema: Task }),
  completeTask: (id: string) =>
    call('atlas', 'POST', `/api/v1/tasks/${encodeURIComponent(id)}/complete`, { schema: Task }),

  /** A page of an entity's events, from `fromRevision` on (owners and managers of its organization). */
  auditStream: (stream: string, fromRevision = 0) =>
    call('atlas', 'GET', `/api/v1/audit/streams/${encodeURIComponent(stream)}`, {
      query: { from_revision: fromRevision, limit: PAGE },
      schema: AuditPage,
    }),
  /** The entity as it was at `at` (an ISO 8601 instant with Z or an offset). */
  auditAsOf: (stream: string, at: string) =>
    call('atlas', 'GET', `/api/v1/audit/streams/${encodeURIComponent(stream)}/as-of`, {
      query: { at },
      schema: AsOf,
    }),

  deviceRequest: (user_code: string) =>
    call('atlas', 'GET', '/api/v1/auth/device', { query: { user_code }, schema: DeviceAuthorization }),
  approveDevice: (user_code: string) =>
    call('atlas', 'POST', '/api/v1/auth/device/approve', { body: { user_code }, schema: DeviceDecision }),
  denyDevice: (user_code: string) =>
    call('atlas', 'POST', '/api/v1/auth/device/deny', { body: { user_code }, schema: DeviceDecision }),
};
