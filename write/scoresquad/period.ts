/**
 * Months as ScoreSquad counts them: the calendar month of an instant in a time zone (`YYYY-MM`).
 * Feedback is once per month in the organization's zone, so that a team in Tokyo starts a new
 * month at its own midnight rather than at 09:00.
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

/** The month of `at` in `timeZone` (an IANA zone, e.g. `Europe/Paris`), as `YYYY-MM`. */
export function periodOf(at: Date, timeZone = 'UTC'): string {
  const parts = formatIn(timeZone).formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  if (!year || !month) throw new Error(`cannot read the month of ${at.toISOString()} in ${timeZone}`);
  return `${year.padStart(4, '0')}-${month}`;
}

/** `YYYY-MM` strings order as months do, so comparing them as strings is enough. */
export const isAfterPeriod = (period: string, than: string): boolean => period > than;

/** The month `count` months before `period` (`count` ≥ 0). */
export function monthsBefore(period: string, count: number): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  const index = year * 12 + (month - 1) - count;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}
