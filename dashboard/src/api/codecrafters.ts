/**
 * Code Crafters (:8002): productivity per user, team and task, the hours of a day, the activity
 * sessions, the tracking profile. Shapes as its /openapi.json documents them
 * (`services/codecrafters/schemas.ts`); hours come rounded by the API (2 decimals) and are shown
 * as they come.
 */
import { z } from 'zod';
import type { DateRange } from '../lib/ranges.js';
import { call } from './client.js';

const Hours = z.number().min(0);
const Count = z.int().min(0);
const Instant = z.string();
const Counters = { keystrokes: Count, clicks: Count, scrolls: Count, mouse_distance_px: Count };
const Role = z.enum(['owner', 'manager', 'member']);

export const UserAnswer = z.object({
  user_id: z.int(),
  organization_id: z.string().nullable(),
  timezone: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  total_productive_seconds: Count,
  total_productive_hours: Hours,
  active_days: Count,
  average_productive_hours_per_active_day: Hours,
  days: z.array(
    z.object({
      date: z.iso.date(),
      productive_seconds: Count,
      productive_hours: Hours,
      active_minutes: Count,
      ...Counters,
      first_activity_at: Instant.nullable(),
      last_activity_at: Instant.nullable(),
    }),
  ),
});
export type UserAnswer = z.infer<typeof UserAnswer>;

export const HoursAnswer = z.object({
  user_id: z.int(),
  date: z.iso.date(),
  timezone: z.string(),
  hours: z.array(
    z.object({
      hour: z.int().min(0).max(23),
      productive_seconds: Count,
      productive_hours: Hours,
      active_minutes: Count,
    }),
  ),
});
export type HoursAnswer = z.infer<typeof HoursAnswer>;

export const SessionsAnswer = z.object({
  user_id: z.int(),
  organization_id: z.string().nullable(),
  timezone: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  active_minutes: Count,
  sessions: z.array(z.object({ started_at: Instant, ended_at: Instant, active_minutes: z.int().min(1) })),
});
export type SessionsAnswer = z.infer<typeof SessionsAnswer>;
export type Session = SessionsAnswer['sessions'][number];

export const TeamAnswer = z.object({
  organization_id: z.string(),
  timezone: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  total_productive_seconds: Count,
  total_productive_hours: Hours,
  active_member_days: Count,
  average_productive_hours_per_day: Hours,
  days: z.array(
    z.object({
      date: z.iso.date(),
      productive_seconds: Count,
      productive_hours: Hours,
      active_members: Count,
      average_productive_hours_per_member: Hours,
      ...Counters,
    }),
  ),
  members: z.array(
    z.object({
      user_id: z.int(),
      username: z.string(),
      role: Role,
      productive_seconds: Count,
      productive_hours: Hours,
      active_days: Count,
      average_productive_hours_per_day: Hours,
    }),
  ),
});
export type TeamAnswer = z.infer<typeof TeamAnswer>;
export type TeamMember = TeamAnswer['members'][number];

export const TaskAnswer = z.object({
  task_id: z.string(),
  title: z.string(),
  project_id: z.string(),
  organization_id: z.string(),
  status: z.enum(['open', 'started', 'completed']),
  scope: z.enum(['team', 'own']),
  total_productive_seconds: Count,
  total_productive_hours: Hours,
  active_minutes: Count,
  first_activity_at: Instant.nullable(),
  last_activity_at: Instant.nullable(),
  users: z.array(
    z.object({
      user_id: z.int(),
      username: z.string().nullable(),
      productive_seconds: Count,
      productive_hours: Hours,
      active_minutes: Count,
      first_activity_at: Instant,
      last_activity_at: Instant,
    }),
  ),
});
export type TaskAnswer = z.infer<typeof TaskAnswer>;

export const ProfileAnswer = z.object({
  id: z.string(),
  user_id: z.int(),
  idle_threshold_minutes: z.int(),
  work_hours_start: z.string(),
  work_hours_end: z.string(),
  timezone: z.string().nullable(),
  effective_timezone: z.string(),
  tracking_enabled: z.boolean(),
  default_organization_id: z.string().nullable(),
  updated_at: Instant.nullable(),
});
export type ProfileAnswer = z.infer<typeof ProfileAnswer>;

const user = (id: number) => `/api/v1/productivity/users/${id}`;

export const codecrafters = {
  /** A user's days; with `organizationId`, only what is attributed to it, days cut in its zone. */
  user: (userId: number, range: DateRange, organizationId?: string) =>
    call('codecrafters', 'GET', user(userId), {
      query: { ...range, organization_id: organizationId },
      schema: UserAnswer,
    }),
  /** Your own hours of one day, in your zone. */
  hours: (userId: number, date: string) =>
    call('codecrafters', 'GET', `${user(userId)}/hours`, { query: { date }, schema: HoursAnswer }),
  sessions: (userId: number, range: DateRange, organizationId?: string) =>
    call('codecrafters', 'GET', `/api/v1/activity/sessions/users/${userId}`, {
      query: { ...range, organization_id: organizationId },
      schema: SessionsAnswer,
    }),
  /** Owners and managers only (403 for a member). */
  team: (organizationId: string, range: DateRange) =>
    call('codecrafters', 'GET', `/api/v1/productivity/teams/${encodeURIComponent(organizationId)}`, {
      query: { ...range },
      schema: TeamAnswer,
    }),
  task: (taskId: string) =>
    call('codecrafters', 'GET', `/api/v1/productivity/tasks/${encodeURIComponent(taskId)}`, { schema: TaskAnswer }),
  profile: (userId: number) =>
    call('codecrafters', 'GET', `/api/v1/productivity/profiles/${userId}`, { schema: ProfileAnswer }),
};
