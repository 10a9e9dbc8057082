/**
 * The day ranges the productivity tools take: calendar dates (`YYYY-MM-DD`) or the words people use
 * (`today`, `this_week`, `last_week`, `this_month`, `last_month`), resolved to dates in the
 * organization's time zone. Weeks run Monday to Sunday (ISO 8601); "this" periods end today, so an
 * answer never lists days that have not happened. Pure: the clock is an argument.
 */
import { z } from 'zod';

export const RANGE_WORDS = ['today', 'this_week', 'last_week', 'this_month', 'last_month'] as const;
export type RangeWord = (typeof RANGE_WORDS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isRangeWord = (value: string | undefined): value is RangeWord =>
  value !== undefined && (RANGE_WORDS as readonly string[]).includes(value);

/** What a tool's `from` accepts: a date, or a word that names the whole range. */
export const RangeStart = z
  .union([z.enum(RANGE_WORDS), z.string().regex(DATE, 'a date YYYY-MM-DD')])
  .describe(
    'first day, YYYY-MM-DD, or a whole period: today, this_week, last_week, this_month, last_month (then leave `to` out). Default: the last 7 days',
  );
export const RangeEnd = z.string().regex(DATE, 'a date YYYY-MM-DD').describe('last day, YYYY-MM-DD (included)');

export interface DayRange {
  from?: string;
  to?: string;
}

export class RangeError extends Error {
  override readonly name = 'RangeError';
}

/** Today's calendar date in `zone` (an IANA zone such as `Asia/Kolkata`). */
export function localDate(zone: string, now: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

const toUtc = (date: string) => new Date(`${date}T00:00:00Z`);
const fromUtc = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Monday of the ISO week that holds `date`. */
function mondayOf(date: string): string {
  const weekday = (toUtc(date).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

function isRealDate(date: string): boolean {
  return DATE.test(date) && fromUtc(toUtc(date)) === date;
}

/**
 * The dates to ask the API for. A word gives both ends; dates pass through (the API defaults what
 * is left out and refuses ranges it cannot answer). Throws `RangeError` with what to do instead.
 */
export function resolveRange(
  input: { from?: string | undefined; to?: string | undefined },
  zone: string,
  now: Date,
): DayRange {
  const { from, to } = input;
  if (isRangeWord(from)) {
    if (to !== undefined) throw new RangeError(`"${from}" names a whole period: leave \`to\` out, or give two dates`);
    return period(from, localDate(zone, now));
  }
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !isRealDate(value))
      throw new RangeError(
        `\`${name}\` "${value}" is not a calendar date: use YYYY-MM-DD or one of ${RANGE_WORDS.join(', ')}`,
      );
  }
  if (from !== undefined && to !== undefined && from > to)
    throw new RangeError(`\`from\` ${from} is after \`to\` ${to}: swap them`);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

function period(word: RangeWord, today: string): Required<DayRange> {
  switch (word) {
    case 'today':
      return { from: today, to: today };
    case 'this_week':
      return { from: mondayOf(today), to: today };
    case 'last_week': {
      const monday = addDays(mondayOf(today), -7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'this_month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last_month': {
      const lastDay = addDays(`${today.slice(0, 8)}01`, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
  }
}
