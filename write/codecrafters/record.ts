/**
 * An activity record as the desktop agent sends it (design §5), and a batch of them. These are the
 * checks one record can pass alone; those that need the clock, the rest of the batch or the read
 * models are in `record-checks.ts`.
 */
import { z } from 'zod';
import { UuidSchema } from '../schemas.js';
import { ActiveSecondsSchema, DeviceIdSchema, RECORD_CAPS, TzOffsetSchema } from './events.js';

/** How old a minute may be, and how far ahead of the server's clock (agents' clocks drift); checked in `record-checks.ts`. */
export const MAX_AGE_DAYS = 30;
export const CLOCK_SKEW_MS = 2 * 60_000;

/** A day of minutes: an agent that was offline a whole day can catch up in one request. */
export const MAX_RECORDS_PER_BATCH = 1_440;

const count = (cap: number) => z.int().min(0).max(cap);

const DATE = z.core.regexes.date.source.slice(1, -1);
/**
 * An ISO 8601 UTC instant (`Z`) on a whole minute: seconds `00` and a fraction that is zero to the
 * millisecond (`:00Z`, `:00.000Z`). One pattern, so the document states the whole rule; the same
 * instants as `z.iso.datetime()` with `Date.parse(value) % 60_000 === 0` (a property test holds it).
 */
export const WHOLE_MINUTE_INSTANT = new RegExp(`^${DATE}T(?:[01]\\d|2[0-3]):[0-5]\\d:00(?:\\.(?:0{1,2}|0{3}\\d*))?Z$`);

export const ActivityRecordInput = z.strictObject({
  id: UuidSchema,
  device_id: DeviceIdSchema,
  /** ISO 8601 in UTC (`Z`), on a whole minute. */
  minute_start: z
    .string()
    .regex(WHOLE_MINUTE_INSTANT, 'must be an ISO 8601 UTC instant on a whole minute (seconds and fraction zero)')
    .meta({
      format: 'date-time',
      description: `Start of the minute, in UTC on a whole minute. Not older than ${MAX_AGE_DAYS} days, and not more than ${CLOCK_SKEW_MS / 60_000} minutes ahead of the server's clock (a 400 otherwise)`,
    }),
  tz_offset_minutes: TzOffsetSchema,
  active_seconds: ActiveSecondsSchema,
  keystrokes: count(RECORD_CAPS.keystrokes),
  clicks: count(RECORD_CAPS.clicks),
  scrolls: count(RECORD_CAPS.scrolls),
  mouse_distance_px: count(RECORD_CAPS.mouse_distance_px),
  task_id: UuidSchema.nullable().optional(),
});
export type ActivityRecordInput = z.infer<typeof ActivityRecordInput>;

export const ActivityBatchInput = z.strictObject({
  // A record id at most once per batch (checkRecords): JSON Schema can say that no two records are
  // the same (uniqueItems), not that no two share an id, so the description says the rest.
  records: z.array(ActivityRecordInput).min(1).max(MAX_RECORDS_PER_BATCH).meta({
    uniqueItems: true,
    description: "Each record's id at most once in a batch (a 400 at the repeated one otherwise)",
  }),
});
export type ActivityBatchInput = z.infer<typeof ActivityBatchInput>;
