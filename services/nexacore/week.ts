/**
 * The ISO week (Monday..Sunday) that an instant falls in, in a given time zone: the lab's "this
 * week" is cut in its organization's zone, as Code Crafters cuts its days (design §5).
 */
const DAY_MS = 86_400_000;

/** The calendar date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const dateAt = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface IsoWeek {
  /** The Monday. */
  start: string;
  /** The Sunday. */
  end: string;
  /** Monday..Sunday. */
  days: string[];
}

export function isoWeekOf(instant: Date, timeZone: string): IsoWeek {
  // Calendar arithmetic on the local date at UTC midnight: no DST can shift it.
  const today = Date.parse(`${localDate(instant, timeZone)}T00:00:00Z`);
  const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
  const monday = today - sinceMonday * DAY_MS;
  const days = Array.from({ length: 7 }, (_, i) => dateAt(monday + i * DAY_MS));
  return { start: days[0]!, end: days[6]!, days };
}
