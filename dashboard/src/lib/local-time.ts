/**
 * Instants and the viewer's wall clock: what a `datetime-local` input shows and means (the
 * viewer's time zone, whatever it is, DST included), the `?as_of=` of a shared link (an instant,
 * never a local time: a link must mean the same moment in every zone), and times shown in the
 * viewer's locale.
 */

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Whether year-month-day is a day of the calendar (no 30 February), whatever the time zone. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `YYYY-MM-DDTHH:mm:ss` on the viewer's clock, the value of a `datetime-local` input with `step="1"`. */
export function localInputOf(instant: string | number | Date): string {
  const d = new Date(instant);
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/**
 * The instant (ISO 8601, UTC) that a `datetime-local` value names on the viewer's clock; null when
 * it is not one. A time skipped by a DST change (02:30 on the spring day in Berlin) is read as the
 * browser reads it, an hour later; a time that happens twice (02:30 on the autumn day) is its first.
 */
export function instantOfLocalInput(value: string): string | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  if (year < 1000 || !isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  const date = new Date(year, month - 1, day, hour, minute, second, ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** `?as_of=`: an ISO 8601 instant with Z or an offset, as UTC ISO; null when missing or not one. */
export function instantParam(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // A `+` typed into a query string arrives as a space: `…T10:30:00 01:00`.
  const text = value.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  if (!INSTANT.test(text)) return null;
  if (!isCalendarDay(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)))) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** An instant on the viewer's clock, in their locale: "2 Mar 2026, 10:30:00". */
export function formatInstant(instant: string, locale?: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** A calendar date (`YYYY-MM-DD`, no zone) in the viewer's locale, the same day everywhere. */
export function formatDay(day: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** How far `instant` is from `nowMs`, in words: "in 9 minutes", "2 hours ago". */
export function fromNow(instant: string, nowMs: number, locale?: string): string {
  const seconds = Math.round((Date.parse(instant) - nowMs) / 1000);
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return words.format(seconds, 'second');
  if (abs < 3600) return words.format(Math.trunc(seconds / 60), 'minute');
  if (abs < 86_400) return words.format(Math.trunc(seconds / 3600), 'hour');
  return words.format(Math.trunc(seconds / 86_400), 'day');
}
