/**
 * Where an instant falls in an IANA time zone: its local date and hour. Intl does the zone rules
 * (DST included); its answers are cached per zone and UTC quarter-hour, because every offset in use
 * is a multiple of 15 minutes and zones change offset on such boundaries, and `formatToParts`
 * costs microseconds that a 30,000 records/s ingest path cannot spend per record.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED = 20_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function computeOffset(zone: string, at: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return Math.round((local - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** Minutes east of UTC that `zone` is at the instant `epochMs`. */
export function offsetMinutes(zone: string, epochMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
  const key = `${zone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = computeOffset(zone, bucket * QUARTER_HOUR_MS);
    if (offsets.size >= MAX_CACHED) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

export interface LocalTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** 0..23 */
  hour: number;
}

export function localTime(zone: string, epochMs: number): LocalTime {
  const local = new Date(epochMs + offsetMinutes(zone, epochMs) * 60_000);
  return { date: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

/** The calendar date in `zone` at `now`. */
export const localDate = (zone: string, now: Date): string => localTime(zone, now.getTime()).date;

/** `YYYY-MM-DD` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (1 when equal, 0 or less when `to` is before `from`). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** Every date from `from` to `to`, both included. */
export function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}
