/**
 * The Code Crafters event catalogue (design §3): one event per activity minute an agent reports,
 * and the productivity profile's settings. Activity events carry everything the rollups need (the
 * user, the organization the minute is attributed to, and the local dates and hour it falls on,
 * cut in the zones that held when it was recorded), so the projections stay pure.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event.js';
import { InstantSchema, LocalDateSchema, TimeZoneSchema, UserIdSchema, UuidSchema, nameText } from '../schemas.js';

export * from './streams.js';

/** Per-minute caps: far above what a person can do, low enough to refuse garbage. */
export const RECORD_CAPS = {
  keystrokes: 6_000,
  clicks: 6_000,
  scrolls: 60_000,
  mouse_distance_px: 5_000_000,
} as const;

export const DeviceIdSchema = nameText(100);
export const TzOffsetSchema = z.int().min(-840).max(840);
export const ActiveSecondsSchema = z.int().min(0).max(60);
/** `HH:MM`, 00:00 to 23:59. */
export const ClockTimeSchema = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM (00:00 to 23:59)');
export const IdleThresholdSchema = z.int().min(1).max(120);

/** An agent's record as stored, enriched at write time: the data of every version of `ActivityRecorded`. */
const recordedFields = {
  // The record as the agent sent it (its id is the event id).
  device_id: DeviceIdSchema,
  /** Start of the minute, canonical `toISOString()` form. */
  minute_start: InstantSchema,
  tz_offset_minutes: TzOffsetSchema,
  /** As the agent sent it; what the minute adds to productive time is `counted_seconds`. */
  active_seconds: ActiveSecondsSchema,
  keystrokes: z.int().min(0).max(RECORD_CAPS.keystrokes),
  clicks: z.int().min(0).max(RECORD_CAPS.clicks),
  scrolls: z.int().min(0).max(RECORD_CAPS.scrolls),
  mouse_distance_px: z.int().min(0).max(RECORD_CAPS.mouse_distance_px),
  task_id: UuidSchema.nullable(),
  // Added at write time (docs/codecrafters.md, "Attribution and day cuts").
  user_id: UserIdSchema,
  project_id: UuidSchema.nullable(),
  organization_id: UuidSchema,
  org_timezone: TimeZoneSchema,
  org_date: LocalDateSchema,
  user_timezone: TimeZoneSchema,
  user_date: LocalDateSchema,
  user_hour: z.int().min(0).max(23),
};

/**
 * Version 1, written until the user's minute was capped (issue 8): every record counted its
 * `active_seconds` in full. Not in the catalogue any more; the readers of activity events read it
 * through `readActivityRecorded` (below) as the version 2 event it would have been then.
 */
export const ActivityRecordedV1 = defineEvent('codecrafters.ActivityRecorded', 1, z.strictObject(recordedFields));

/**
 * Version 2: the record, plus what it counts for the user's minute, decided by the user's
 * activity day (`activity-day.ts`) against the minute's other records (other devices): a user's
 * minute counts at most 60 active seconds, and is one active minute, however many devices
 * report it. Readers sum these two fields; they need nothing else to cap.
 */
export const ActivityRecorded = defineEvent(
  'codecrafters.ActivityRecorded',
  2,
  z
    .strictObject({
      ...recordedFields,
      /** What this record adds to the user's productive time: its `active_seconds`, less what the minute had already counted beyond 60. */
      counted_seconds: ActiveSecondsSchema,
      /** Whether this record makes its minute one of the user's active minutes (the first to count seconds for it). */
      counted_active_minute: z.boolean(),
    })
    .refine((data) => data.counted_seconds <= data.active_seconds, {
      message: 'counted_seconds exceeds active_seconds',
      path: ['counted_seconds'],
    })
    .refine((data) => !data.counted_active_minute || data.counted_seconds > 0, {
      message: 'a record that counts no second cannot count the active minute',
      path: ['counted_active_minute'],
    }),
);

export const ProfileSettingsSchema = z.strictObject({
  idle_threshold_minutes: IdleThresholdSchema,
  work_hours_start: ClockTimeSchema,
  work_hours_end: ClockTimeSchema,
  /** Null: the user's days follow their default organization's zone. */
  timezone: TimeZoneSchema.nullable(),
  tracking_enabled: z.boolean(),
  /** Where activity without a task is attributed; null: the personal organization. */
  default_organization_id: UuidSchema.nullable(),
});
export type ProfileSettings = z.infer<typeof ProfileSettingsSchema>;

export const DEFAULT_PROFILE: ProfileSettings = {
  idle_threshold_minutes: 5,
  work_hours_start: '09:00',
  work_hours_end: '17:00',
  timezone: null,
  tracking_enabled: true,
  default_organization_id: null,
};

const SETTING_KEYS = Object.keys(ProfileSettingsSchema.shape) as (keyof ProfileSettings)[];

/** The settings alone, of anything that carries them (an event's data, a profile document). */
export const profileSettingsOf = (source: ProfileSettings): ProfileSettings =>
  Object.fromEntries(SETTING_KEYS.map((key) => [key, source[key]])) as ProfileSettings;

export const ProductivityProfileUpdated = defineEvent(
  'codecrafters.ProductivityProfileUpdated',
  1,
  z.strictObject({
    user_id: UserIdSchema,
    ...ProfileSettingsSchema.shape,
    updated_by: UserIdSchema,
    updated_at: InstantSchema,
  }),
);

export const codecraftersEvents = [ActivityRecorded, ProductivityProfileUpdated] as const;

export type CodecraftersEvent = EventOf<typeof codecraftersEvents>;
export type ActivityData = Extract<CodecraftersEvent, { type: 'codecrafters.ActivityRecorded' }>['data'];
export type ProfileUpdatedData = Extract<
  CodecraftersEvent,
  { type: 'codecrafters.ProductivityProfileUpdated' }
>['data'];
export type ActivityDataV1 = z.infer<typeof ActivityRecordedV1.schema>;
/** The record's data before the day decides what it counts. */
export type RecordedMinute = Omit<ActivityData, 'counted_seconds' | 'counted_active_minute'>;

/**
 * A record's data with what it counts, spelled out field by field: a spread of its seventeen
 * fields plus two more takes V8's slow path (microseconds, against nanoseconds for the literal),
 * and this is on the ingest's and the rebuild's hot paths.
 */
export function withCounted(
  data: RecordedMinute,
  counted_seconds: number,
  counted_active_minute: boolean,
): ActivityData {
  return {
    device_id: data.device_id,
    minute_start: data.minute_start,
    tz_offset_minutes: data.tz_offset_minutes,
    active_seconds: data.active_seconds,
    keystrokes: data.keystrokes,
    clicks: data.clicks,
    scrolls: data.scrolls,
    mouse_distance_px: data.mouse_distance_px,
    task_id: data.task_id,
    user_id: data.user_id,
    project_id: data.project_id,
    organization_id: data.organization_id,
    org_timezone: data.org_timezone,
    org_date: data.org_date,
    user_timezone: data.user_timezone,
    user_date: data.user_date,
    user_hour: data.user_hour,
    counted_seconds,
    counted_active_minute,
  };
}

/**
 * A version 1 event's data as version 2 reads it: the record counted in full, as it was counted
 * when it was written, so that a rebuild of an old log gives the read models it gave before.
 */
export function upcastActivityV1(data: ActivityDataV1): ActivityData {
  return withCounted(data, data.active_seconds, data.active_seconds > 0);
}
