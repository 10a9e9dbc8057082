/**
 * The Code Crafters answers, as documented in /openapi.json and checked on the way out: one source
 * of truth per shape, the zod schema; the reports (`*-report.ts`) are typed by what it infers.
 */
import { z } from 'zod';
import { refusalsFrom } from '../../http/index.js';

const Hours = z.number().min(0);
const Seconds = z.int().min(0);
const Instant = z.string();
const Count = z.int().min(0);
const Counters = { keystrokes: Seconds, clicks: Seconds, scrolls: Seconds, mouse_distance_px: Seconds };
const Productive = { productive_seconds: Seconds, productive_hours: Hours };
const TotalProductive = { total_productive_seconds: Seconds, total_productive_hours: Hours };
const Dates = { from: z.iso.date(), to: z.iso.date() };
/** Whose activity a user's answer covers (`user-question.ts`). */
const OfUser = {
  user_id: z.int(),
  organization_id: z
    .uuid()
    .nullable()
    .describe("null: all of the user's activity; else only what is attributed to this organization"),
};

export const problem = (description: string) => ({ description: `${description} (problem+json)` });

/** The refusals of the answers about activity (a user's, a team's, a task's); each route picks its own. */
export const reportRefusals = refusalsFrom({
  400: problem('A query parameter is not valid'),
  401: problem('Missing or invalid token'),
  403: problem('You share the organization, but your role does not let you see this'),
  404: problem('No such resource that you can see'),
});

export const LogAnswer = z.object({
  accepted: z.int().min(0).describe('records accepted: stored now, or already stored (same id) before'),
  refused: z
    .array(
      z.object({
        index: z.int().min(0).describe("the record's index in `records`"),
        id: z.uuid(),
        code: z
          .enum(['minute_already_recorded'])
          .describe("minute_already_recorded: another record holds this device's minute; drop this one"),
        reason: z.string(),
        recorded_id: z.uuid().describe('the record that holds the minute: stored before, or earlier in this batch'),
      }),
    )
    .describe('the records not stored, by index; accepted + refused.length = records.length'),
});

export const UserAnswer = z.object({
  ...OfUser,
  timezone: z.string(),
  ...Dates,
  ...TotalProductive,
  active_days: Seconds,
  average_productive_hours_per_active_day: Hours,
  days: z.array(
    z.object({
      date: z.iso.date(),
      ...Productive,
      active_minutes: Seconds,
      ...Counters,
      first_activity_at: Instant.nullable(),
      last_activity_at: Instant.nullable(),
    }),
  ),
});
export type UserAnswer = z.infer<typeof UserAnswer>;

export const SessionsAnswer = z.object({
  ...OfUser,
  timezone: z.string().describe('the zone the days of `from` and `to` are cut in'),
  ...Dates,
  active_minutes: Count.describe('minutes with at least one active second in the range'),
  sessions: z
    .array(
      z.object({
        started_at: Instant.describe('start of the first active minute'),
        ended_at: Instant.describe('end of the last active minute'),
        active_minutes: Count.min(1),
      }),
    )
    .describe(
      'contiguous runs of active minutes, earliest first; a run across a bound of the range is cut at the bound',
    ),
});
export type SessionsAnswer = z.infer<typeof SessionsAnswer>;

export const HoursAnswer = z.object({
  user_id: z.int(),
  date: z.iso.date(),
  timezone: z.string(),
  hours: z.array(
    z.object({
      hour: z.int().min(0).max(23),
      ...Productive,
      active_minutes: Seconds,
    }),
  ),
});
export type HoursAnswer = z.infer<typeof HoursAnswer>;

export const TeamAnswer = z.object({
  organization_id: z.uuid(),
  timezone: z.string(),
  ...Dates,
  ...TotalProductive,
  active_member_days: Seconds,
  average_productive_hours_per_day: Hours.describe(
    'mean productive hours over the member-days of the range with any activity',
  ),
  days: z.array(
    z.object({
      date: z.iso.date(),
      ...Productive,
      active_members: Seconds,
      average_productive_hours_per_member: Hours,
      ...Counters,
    }),
  ),
  members: z.array(
    z.object({
      user_id: z.int(),
      username: z.string(),
      role: z.enum(['owner', 'manager', 'member']),
      ...Productive,
      active_days: Seconds,
      average_productive_hours_per_day: Hours,
    }),
  ),
});
export type TeamAnswer = z.infer<typeof TeamAnswer>;

export const TaskAnswer = z.object({
  task_id: z.uuid(),
  title: z.string(),
  project_id: z.uuid(),
  organization_id: z.uuid(),
  status: z.enum(['open', 'started', 'completed']),
  scope: z.enum(['team', 'own']).describe("team: every user's time (owners, managers); own: only the caller's"),
  ...TotalProductive,
  active_minutes: Seconds,
  first_activity_at: Instant.nullable(),
  last_activity_at: Instant.nullable(),
  users: z.array(
    z.object({
      user_id: z.int(),
      username: z.string().nullable(),
      ...Productive,
      active_minutes: Seconds,
      first_activity_at: Instant,
      last_activity_at: Instant,
    }),
  ),
});
export type TaskAnswer = z.infer<typeof TaskAnswer>;

export const ProfileAnswer = z.object({
  id: z.uuid(),
  user_id: z.int(),
  idle_threshold_minutes: z.int(),
  work_hours_start: z.string(),
  work_hours_end: z.string(),
  timezone: z.string().nullable().describe("null: days follow the default organization's zone"),
  effective_timezone: z.string().describe("the zone the user's own days are cut in now"),
  tracking_enabled: z.boolean(),
  default_organization_id: z
    .uuid()
    .nullable()
    .describe(
      'where activity without a task goes; null: the personal organization (and, to anyone but the user, an organization they are not a member of)',
    ),
  updated_at: Instant.nullable(),
});
