/**
 * The parts of the services' answers the demo reads (their OpenAPI documents have the whole
 * shapes). Loose objects: a field added to an answer is not the demo's concern.
 */
import { z } from 'zod';

const Id = z.uuid();
const UserId = z.number().int().positive();
export const RoleSchema = z.enum(['owner', 'manager', 'member']);

export const Page = <T extends z.ZodType>(item: T) =>
  z.looseObject({ items: z.array(item), next_cursor: z.string().nullable() });

export const Registered = z.looseObject({ id: UserId, username: z.string() });

export const Tokens = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
});
export type Tokens = z.infer<typeof Tokens>;

export const Me = z.looseObject({ id: UserId, username: z.string() });

export const MyOrganization = z.looseObject({
  id: Id,
  name: z.string(),
  owner_id: UserId,
  personal: z.boolean(),
  timezone: z.string(),
});
export type MyOrganization = z.infer<typeof MyOrganization>;

export const Member = z.looseObject({ user_id: UserId, username: z.string(), role: RoleSchema, joined_at: z.string() });
export type Member = z.infer<typeof Member>;

/** A created organization: with its members (its owner). */
export const CreatedOrganization = MyOrganization.extend({ members: z.array(Member) });

export const Project = z.looseObject({ id: Id, name: z.string(), archived: z.boolean() });
export type Project = z.infer<typeof Project>;

export const TaskStatusSchema = z.enum(['open', 'started', 'completed']);
export const Task = z.looseObject({
  id: Id,
  title: z.string(),
  status: TaskStatusSchema,
  assignee_id: UserId.nullable(),
  due_date: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

export const Lab = z.looseObject({ lab_name: z.string(), domain: z.string().nullable() });

export const Researcher = z.looseObject({
  user_id: UserId,
  expertise_domains: z.array(z.string()),
  years_experience: z.number().int().nullable(),
});

export const ProductivityProfile = z.looseObject({
  user_id: UserId,
  timezone: z.string().nullable(),
  default_organization_id: Id.nullable(),
  tracking_enabled: z.boolean(),
});
export type ProductivityProfile = z.infer<typeof ProductivityProfile>;

/** A user's own productivity answer: their days, cut in their zone. */
export const UserDays = z.looseObject({
  timezone: z.string(),
  days: z.array(z.looseObject({ date: z.string(), productive_seconds: z.number().int().min(0) })),
});
export type UserDays = z.infer<typeof UserDays>;

export const LogAnswer = z.looseObject({
  accepted: z.number().int().min(0),
  refused: z.array(z.looseObject({ index: z.number().int(), code: z.string(), reason: z.string() })),
});
export type LogAnswer = z.infer<typeof LogAnswer>;

export const Review = z.looseObject({ id: Id, employee_id: UserId, period: z.string() });
export const Feedback = z.looseObject({ id: Id, to_user_id: UserId, period: z.string() });

export const Health = z.looseObject({
  status: z.string(),
  projections: z
    .array(z.looseObject({ projection: z.string(), status: z.string(), events_behind: z.number() }))
    .optional(),
});
export type Health = z.infer<typeof Health>;
