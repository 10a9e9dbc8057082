/**
 * Code Crafters read models (logical collection names and document shapes), keyed so that the
 * queries read ranges of `_id` (the store's primary key): `<user>:<date>`, `<org>:<date>`,
 * `<org>:<date>:<user>`. Dates are `YYYY-MM-DD`, fixed width, so `_id` order is date order within
 * one user or organization. Times are seconds; hours are computed by the API.
 */
import { v5 as nameUuid } from 'uuid';

export const CODECRAFTERS_COLLECTIONS = {
  profiles: 'productivity_profiles',
  userDaily: 'user_daily_activity',
  userHourly: 'user_hourly_activity',
  orgDaily: 'org_daily_activity',
  orgMemberDaily: 'org_member_daily_activity',
  taskTime: 'task_time_tracking',
  sessions: 'activity_sessions',
  versions: 'activity_versions',
} as const;

/** Input counters summed by every rollup. */
export type Counters = {
  /** Productive seconds: what the records counted (at most 60 per minute of the user, whatever the devices). */
  active_seconds: number;
  /** Records received (one per device and minute, idle minutes included). */
  records: number;
  /** Minutes of the user with productive time (each counted once, by the record that opened it). */
  active_minutes: number;
  keystrokes: number;
  clicks: number;
  scrolls: number;
  mouse_distance_px: number;
};

/** `productivity_profiles`: `_id` = String(user_id). */
export type ProfileDoc = {
  _id: string;
  /** `profileId(user_id)`: a UUID derived from the user id, the same in every rebuild. */
  id: string;
  user_id: number;
  idle_threshold_minutes: number;
  work_hours_start: string;
  work_hours_end: string;
  timezone: string | null;
  tracking_enabled: boolean;
  default_organization_id: string | null;
  created_at: string;
  updated_at: string | null;
};

/** `user_daily_activity`: `_id` = `<user_id>:<date>`, the date in the user's zone. */
export type UserDayDoc = Counters & {
  _id: string;
  user_id: number;
  date: string;
  first_minute_start: string;
  last_minute_start: string;
};

/** `user_hourly_activity`: `_id` = `<user_id>:<date>T<HH>`. */
export type UserHourDoc = Counters & { _id: string; user_id: number; date: string; hour: number };

/** `org_daily_activity`: `_id` = `<organization_id>:<date>`, the date in the organization's zone. */
export type OrgDayDoc = Counters & {
  _id: string;
  organization_id: string;
  date: string;
  /** Members with at least one active second that day (absent until there is one). */
  member_ids?: number[];
};

/** `org_member_daily_activity`: `_id` = `<organization_id>:<date>:<user_id>`. */
export type OrgMemberDayDoc = Counters & {
  _id: string;
  organization_id: string;
  user_id: number;
  date: string;
  first_minute_start: string;
  last_minute_start: string;
};

/** `task_time_tracking`: `_id` = `<task_id>:<user_id>`, one per task and user who worked on it. */
export type TaskTimeDoc = Counters & {
  _id: string;
  task_id: string;
  user_id: number;
  project_id: string;
  organization_id: string;
  first_minute_start: string;
  last_minute_start: string;
};

/** `activity_sessions`: `_id` = `<user_id>:<date>:<device_id>`: one device's day, in the user's zone. */
export type SessionDoc = Counters & {
  _id: string;
  user_id: number;
  device_id: string;
  date: string;
  started_at: string;
  /** End of the last minute reported. */
  ended_at: string;
};

/** The collections of the `codecrafters_sessions` projection (`sessions.ts`). */
export const SESSION_COLLECTIONS = {
  userMinutes: 'user_active_minutes',
  memberMinutes: 'org_member_active_minutes',
} as const;

/**
 * `user_active_minutes` (`_id` = `<user_id>:<date>`, the user's zone) and `org_member_active_minutes`
 * (`_id` = `<organization_id>:<date>:<user_id>`, the organization's zone, with `organization_id`),
 * written by the `codecrafters_sessions` projection (`sessions.ts`).
 */
export type ActiveMinutesDoc = {
  _id: string;
  user_id: number;
  organization_id?: string;
  date: string;
  /** Starts of the active minutes, in minutes since the epoch, in the order first seen. */
  minutes: number[];
};

/**
 * `activity_versions`: `_id` = `org:<organization_id>` or `user:<user_id>`; the log position of
 * the last event that changed what that organization's or user's answers show. The API caches
 * answers under it.
 */
export type VersionDoc = { _id: string; position: number };

export const orgVersionId = (organizationId: string): string => `org:${organizationId}`;
export const userVersionId = (userId: number): string => `user:${userId}`;
export const userDayId = (userId: number, date: string): string => `${userId}:${date}`;
export const orgDayId = (organizationId: string, date: string): string => `${organizationId}:${date}`;
export const orgMemberDayId = (organizationId: string, date: string, userId: number): string =>
  `${organizationId}:${date}:${userId}`;

/** The namespace of the profiles' ids; fixed forever, since every stored id depends on it. */
const PROFILE_NAMESPACE = '6f1c2a52-8d0e-4b7a-9c55-3e2f8a1d7b40';

/** RFC 9562 name-based (v5) UUID of a user's profile: deterministic, so projections stay pure. */
export const profileId = (userId: number): string => nameUuid(String(userId), PROFILE_NAMESPACE);
