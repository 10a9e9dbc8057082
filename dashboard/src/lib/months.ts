/**
 * Months as ScoreSquad counts them (`YYYY-MM`, the calendar month of an instant in the
 * organization's time zone), and the months a review may be for. The same rule as the API's
 * (write/scoresquad/period.ts, review.ts; months.test.ts checks that the two agree):
 * a review is for a month that has begun in the organization's zone, and not before the month the
 * employee joined the organization in (same zone).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    formats.set(timeZone, format);
  }
  return format;
}

/** `YYYY-MM`, month 01..12: the shape the API takes. */
export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month of `at` in `timeZone` (IANA, e.g. `Europe/Paris`), as `YYYY-MM`. */
export function periodOf(at: Date, timeZone = 'UTC'): string {
  const parts = formatIn(timeZone).formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  if (!year || !month) throw new Error(`cannot read the month of ${at.toISOString()} in ${timeZone}`);
  return `${year.padStart(4, '0')}-${month}`;
}

/** The months a review of an employee may be for: from the month they joined to this month. */
export interface ReviewWindow {
  /** The month the employee joined in (organization's zone); null when unknown. */
  earliest: string | null;
  /** This month in the organization's zone. */
  latest: string;
  timezone: string;
}

export function reviewWindow(now: Date, timezone: string, joinedAt: string | null): ReviewWindow {
  return {
    earliest: joinedAt === null ? null : periodOf(new Date(joinedAt), timezone),
    latest: periodOf(now, timezone),
    timezone,
  };
}

/** Why a review cannot be for `period`, in the API's terms; null when it may. */
export function reviewPeriodProblem(period: string, window: ReviewWindow): string | null {
  if (!PERIOD.test(period)) return 'Give a month as YYYY-MM.';
  // `YYYY-MM` strings order as months do.
  if (period > window.latest)
    return `${period} has not begun yet in ${window.timezone} (this month is ${window.latest}).`;
  if (window.earliest !== null && period < window.earliest) {
    return `They joined in ${window.earliest}: a review is for ${window.earliest} or later.`;
  }
  return null;
}
