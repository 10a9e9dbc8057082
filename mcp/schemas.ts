/**
 * The answers of the APIs the tools pass through, as zod schemas: each tool's `outputSchema`, and
 * the parser of the API's answer. The fields a tool's text or a model relies on are typed; the
 * objects are loose (`z.looseObject`), so every other field the API gives passes through unchanged
 * and `structuredContent` is exactly the API's answer. The APIs document the full shapes in their
 * `/openapi.json`.
 */
import { z } from 'zod';
import { RoleSchema } from '../write/schemas.js';

const Id = z.string().describe('a UUID');
const UserId = z.int().positive();
const Day = z.string().describe('YYYY-MM-DD');
const Hours = z.number().min(0);

/** A page of an Atlas list: pass `next_cursor` as `cursor` for the next one (null: the last page). */
export const page = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    items: z.array(item),
    next_cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
    total: z.int().min(0).describe('items in all pages'),
  });

export const Organization = z.looseObject({
  id: Id,
  name: z.string(),
  timezone: z.string(),
  personal: z.boolean(),
});

export const MyOrganization = Organization.extend({ role: RoleSchema, member_count: z.int().min(0) });
export const Member = z.looseObject({ user_id: UserId, username: z.string(), role: RoleSchema });
export const Project = z.looseObject({ id: Id, name: z.string(), organization_id: Id, archived: z.boolean() });
export const Task = z.looseObject({
  id: Id,
  title: z.string(),
  project_id: Id,
  status: z.enum(['open', 'started', 'completed']),
  assignee_id: UserId.nullable(),
});

export const TeamProductivity = z.looseObject({
  organization_id: Id,
  timezone: z.string(),
  from: Day,
  to: Day,
  total_productive_hours: Hours,
  active_member_days: z.int().min(0),
  average_productive_hours_per_day: Hours.describe(
    'mean productive hours over the member-days of the range with any activity',
  ),
  days: z.array(
    z.looseObject({ date: Day, productive_hours: Hours, active_members: z.int().min(0) }).describe('one day'),
  ),
  members: z.array(
    z.looseObject({
      user_id: UserId,
      username: z.string(),
      role: RoleSchema,
      productive_hours: Hours,
      active_days: z.int().min(0),
      average_productive_hours_per_day: Hours,
    }),
  ),
});

export const UserProductivity = z.looseObject({
  user_id: UserId,
  organization_id: Id.nullable(),
  timezone: z.string(),
  from: Day,
  to: Day,
  total_productive_hours: Hours,
  active_days: z.int().min(0),
  average_productive_hours_per_active_day: Hours,
  days: z.array(z.looseObject({ date: Day, productive_hours: Hours })),
});

export const TaskTime = z.looseObject({
  task_id: Id,
  title: z.string(),
  status: z.enum(['open', 'started', 'completed']),
  scope: z.enum(['team', 'own']),
  total_productive_hours: Hours,
  users: z.array(z.looseObject({ user_id: UserId, username: z.string(), productive_hours: Hours })),
});

export const LabAnalytics = z.looseObject({
  organization_id: Id,
  lab_name: z.string(),
  researchers: z.looseObject({ count: z.int().min(0) }),
  projects: z.looseObject({ total: z.int().min(0), active: z.int().min(0) }),
  tasks: z.looseObject({
    total: z.int().min(0),
    completed: z.int().min(0),
    completion_rate: z.number().nullable(),
  }),
  activity_this_week: z.looseObject({ active_hours: Hours }).nullable(),
});

const Rating = z.number().nullable();

/** A user's performance (`user_id`) or an organization's (`organization_id`, `summary`, `members`). */
export const Performance = z.looseObject({
  user_id: UserId.optional(),
  username: z.string().optional(),
  organization_id: Id.nullable().optional(),
  overall_rating: Rating.optional(),
  summary: z
    .looseObject({ members: z.int(), rated_members: z.int(), mean_overall_rating: Rating })
    .optional()
    .describe("an organization's figures"),
  members: z.array(z.looseObject({ user_id: UserId, overall_rating: Rating })).optional(),
  formula: z.string(),
});
export const UserPerformance = Performance.extend({ user_id: UserId, username: z.string() });
export const OrganizationPerformance = Performance.extend({
  organization_id: Id,
  summary: z.looseObject({ members: z.int(), rated_members: z.int(), mean_overall_rating: Rating }),
  members: z.array(z.looseObject({ user_id: UserId, overall_rating: Rating })),
});

export const AuditTrail = z.looseObject({
  stream: z.string(),
  events: z.array(
    z.looseObject({
      revision: z.int().min(0),
      type: z.string(),
      data: z.record(z.string(), z.unknown()),
      metadata: z.looseObject({ user_id: UserId.nullable(), occurred_at: z.string() }),
    }),
  ),
  next_from_revision: z.int().min(0).nullable().describe('pass as `cursor` for the next page; null on the last page'),
});
