/** A closed minute as the record that leaves the machine: the only fields that ever do (docs/agent.md, Privacy). */
import { randomUUID } from 'node:crypto';
import { RECORD_CAPS } from '../../write/codecrafters/events.js';
import type { ActivityRecord } from '../api/codecrafters.js';
import type { ClosedMinute } from './minute-tally.js';

/** Every field of a record, and nothing else: what leaves the machine (the privacy contract, tested). */
export const RECORD_FIELDS = [
  'id',
  'device_id',
  'minute_start',
  'tz_offset_minutes',
  'active_seconds',
  'keystrokes',
  'clicks',
  'scrolls',
  'mouse_distance_px',
  'task_id',
] as const satisfies readonly (keyof ActivityRecord)[];

export function recordOf(minute: ClosedMinute, device_id: string, id: string = randomUUID()): ActivityRecord {
  const start = new Date(minute.minute_start);
  return {
    id,
    device_id,
    minute_start: start.toISOString(),
    tz_offset_minutes: -start.getTimezoneOffset() || 0, // not -0 in UTC
    active_seconds: Math.min(60, minute.active_seconds),
    keystrokes: Math.min(RECORD_CAPS.keystrokes, minute.keystrokes),
    clicks: Math.min(RECORD_CAPS.clicks, minute.clicks),
    scrolls: Math.min(RECORD_CAPS.scrolls, minute.scrolls),
    mouse_distance_px: Math.min(RECORD_CAPS.mouse_distance_px, minute.mouse_distance_px),
    task_id: minute.task_id,
  };
}
