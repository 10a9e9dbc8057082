/**
 * Where an instant falls in an IANA time zone (DST included), through Intl: the same rule Code
 * Crafters cuts days with (`write/codecrafters/local-time.ts`), so a date the page computes is the
 * date the API means. Calendar dates are `YYYY-MM-DD` strings; instants are epoch milliseconds.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

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

/** Minutes east of UTC that `zone` is at `epochMs`. */
export function offsetMinutes(zone: string, epochMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(epochMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!);
  return Math.round((local - Math.floor(epochMs / 60_000) * 60_000) / 60_000);
}

/** The calendar date in `zone` at `epochMs`. */
export function localDate(zone: string, epochMs: number): string {
  return new Date(epochMs + offsetMinutes(zone, epochMs) * 60_000).toISOString().slice(0, 10);
}

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The first instant of `date` in `zone`: local midnight, or, where a DST change skips midnight,
 * the moment the day begins (zones change offset on quarter hours).
 */
export function startOfDay(date: string, zone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let at = wall - offsetMinutes(zone, wall) * 60_000;
  at = wall - offsetMinutes(zone, at) * 60_000;
  for (let i = 0; i < 16 && localDate(zone, at) < date; i++) at += QUARTER_HOUR_MS;
  return at;
}

/** `HH:MM` of `epochMs` on the wall clock of `zone`. */
export function clockTime(zone: string, epochMs: number): string {
  const local = new Date(epochMs + offsetMinutes(zone, epochMs) * 60_000);
  return local.toISOString().slice(11, 16);
}
