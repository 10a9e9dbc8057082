/**
 * An activity record as the desktop agent sends it (design §5), and a batch of them. These are the
 * checks one record can pass alone; those that need the clock, the rest of the batch or the read
 * models are in `record-checks.ts`.
 */
import { z } from 'zod';
import { UuidSchema } from '../schemas.js';
import { ActiveSecondsSchema, DeviceIdSchema, RECORD_CAPS, TzOffsetSchema } from './events.js';

/** A day of minutes: an agent that was offline a whole day can catch up in one request. */
export const MAX_RECORDS_PER_BATCH = 1_440;

const count = (cap: number) => z.int().min(0).max(cap);

const wholeMinute = (value: string): boolean => Date.parse(value) % 60_000 === 0;

export const ActivityRecordInput = z.strictObject({
  id: UuidSchema,
  device_id: DeviceIdSchema,
  /** ISO 8601 in UTC (`Z`), on a whole minute. */
  minute_start: z.iso.datetime().refine(wholeMinute, 'must be on a whole minute (seconds and fraction zero)'),
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
  records: z.array(ActivityRecordInput).min(1).max(MAX_RECORDS_PER_BATCH),
});
export type ActivityBatchInput = z.infer<typeof ActivityBatchInput>;
