/**
 * The Atlas event catalogue (design §3): every event Atlas writes, declared once with a strict zod
 * schema and imported by deciders and projections alike. Events carry what readers need (ids of
 * the enclosing organization and project, the assignee, dates), so projections stay pure and never
 * have to look anything up.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event.js';
import {
  UserIdSchema,
  UuidSchema,
  InstantSchema,
  LocalDateSchema,
  RoleSchema,
  UsernameSchema,
  EmailSchema,
  OrganizationNameSchema,
  ProjectNameSchema,
  TaskTitleSchema,
  DescriptionSchema,
  TimeZoneSchema,
} from '../schemas.js';

export * from './streams.js';

// Users: id allocation, unique names, registration.

export const UserIdAllocated = defineEvent('atlas.UserIdAllocated', 1, z.strictObject({ user_id: UserIdSchema }));

/** A name or an address is one user's while reserved (its own stream); released, it is free again. */
const UsernameClaim = z.strictObject({ username: UsernameSchema, user_id: UserIdSchema });
const EmailClaim = z.strictObject({ email: EmailSchema, user_id: UserIdSchema });

export const UsernameReserved = defineEvent('atlas.UsernameReserved', 1, UsernameClaim);
export const UsernameReleased = defineEvent('atlas.UsernameReleased', 1, UsernameClaim);
export const EmailReserved = defineEvent('atlas.EmailReserved', 1, EmailClaim);
export const EmailReleased = defineEvent('atlas.EmailReleased', 1, EmailClaim);

export const UserRegistered = defineEvent(
  'atlas.UserRegistered',
  1,
  z.strictObject({
    user_id: UserIdSchema,
    username: UsernameSchema,
    email: EmailSchema,
    /** `scrypt$N$r$p$salt$hash` (write/atlas/password.ts); never the password itself. */
    password_hash: z.string().startsWith('scrypt$'),
    personal_organization_id: UuidSchema,
    registered_at: InstantSchema,
  }),
);

// Organizations and their members.

export const OrganizationCreated = defineEvent(
  'atlas.OrganizationCreated',
  1,
  z.strictObject({
    organization_id: UuidSchema,
    name: OrganizationNameSchema,
    owner_id: UserIdSchema,
    /** The organization made for a user at registration. */
    personal: z.boolean(),
    timezone: TimeZoneSchema.default('UTC'),
    created_at: InstantSchema,
  }),
);

export const OrganizationRenamed = defineEvent(
  'atlas.OrganizationRenamed',
  1,
  z.strictObject({
    organization_id: UuidSchema,
    name: OrganizationNameSchema,
    previous_name: OrganizationNameSchema,
    renamed_by: UserIdSchema,
    renamed_at: InstantSchema,
  }),
);

export const MemberAdded = defineEvent(
  'atlas.MemberAdded',
  1,
  z.strictObject({
    organization_id: UuidSchema,
    user_id: UserIdSchema,
    username: UsernameSchema,
    role: RoleSchema,
    /** Who added the member; the owner themself for the first member. */
    added_by: UserIdSchema,
    added_at: InstantSchema,
  }),
);

export const MemberRoleChanged = defineEvent(
  'atlas.MemberRoleChanged',
  1,
  z.strictObject({
    organization_id: UuidSchema,
    user_id: UserIdSchema,
    role: RoleSchema,
    previous_role: RoleSchema,
    changed_by: UserIdSchema,
    changed_at: InstantSchema,
  }),
);

// Projects.

export const ProjectCreated = defineEvent(
  'atlas.ProjectCreated',
  1,
  z.strictObject({
    project_id: UuidSchema,
    organization_id: UuidSchema,
    name: ProjectNameSchema,
    description: DescriptionSchema.nullable(),
    created_by: UserIdSchema,
    created_at: InstantSchema,
  }),
);

export const ProjectArchived = defineEvent(
  'atlas.ProjectArchived',
  1,
  z.strictObject({
    project_id: UuidSchema,
    organization_id: UuidSchema,
    archived_by: UserIdSchema,
    archived_at: InstantSchema,
  }),
);

// Tasks.

/** Every task event names its project and organization too. */
const OfTask = { task_id: UuidSchema, project_id: UuidSchema, organization_id: UuidSchema };

export const TaskCreated = defineEvent(
  'atlas.TaskCreated',
  1,
  z.strictObject({
    ...OfTask,
    title: TaskTitleSchema,
    description: DescriptionSchema.nullable(),
    due_date: LocalDateSchema.nullable(),
    created_by: UserIdSchema,
    created_at: InstantSchema,
  }),
);

export const TaskAssigned = defineEvent(
  'atlas.TaskAssigned',
  1,
  z.strictObject({
    ...OfTask,
    assignee_id: UserIdSchema,
    assignee_username: UsernameSchema,
    previous_assignee_id: UserIdSchema.nullable(),
    due_date: LocalDateSchema.nullable(),
    assigned_by: UserIdSchema,
    assigned_at: InstantSchema,
  }),
);

export const TaskStarted = defineEvent(
  'atlas.TaskStarted',
  1,
  z.strictObject({
    ...OfTask,
    /** Null when a manager or owner starts a task nobody is assigned to. */
    assignee_id: UserIdSchema.nullable(),
    due_date: LocalDateSchema.nullable(),
    started_by: UserIdSchema,
    started_at: InstantSchema,
  }),
);

export const TaskCompleted = defineEvent(
  'atlas.TaskCompleted',
  1,
  z.strictObject({
    ...OfTask,
    assignee_id: UserIdSchema.nullable(),
    due_date: LocalDateSchema.nullable(),
    started_at: InstantSchema,
    completed_by: UserIdSchema,
    completed_at: InstantSchema,
  }),
);

export const atlasEvents = [
  UserIdAllocated,
  UsernameReserved,
  UsernameReleased,
  EmailReserved,
  EmailReleased,
  UserRegistered,
  OrganizationCreated,
  OrganizationRenamed,
  MemberAdded,
  MemberRoleChanged,
  ProjectCreated,
  ProjectArchived,
  TaskCreated,
  TaskAssigned,
  TaskStarted,
  TaskCompleted,
] as const;

export type AtlasEvent = EventOf<typeof atlasEvents>;
/** The event of one type, e.g. `AtlasEventOf<'atlas.TaskCompleted'>`. */
export type AtlasEventOf<Type extends AtlasEvent['type']> = Extract<AtlasEvent, { type: Type }>;
