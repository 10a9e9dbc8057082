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

export const ActivityRecorded = defineEvent(
  'codecrafters.ActivityRecorded',
  1,
  z.strictObject({
    // The record as the agent sent it (its id is the event id).
    device_id: DeviceIdSchema,
    /** Start of the minute, canonical `toISOString()` form. */
    minute_start: InstantSchema,
    tz_offset_minutes: TzOffsetSchema,
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
export type ProfileUpdatedData = Extract<CodecraftersEvent, { type: 'codecrafters.ProductivityProfileUpdated' }>['data'];
