/**
 * The date range of the productivity views: calendar dates (`YYYY-MM-DD`), both included, in the
 * zone the answer's days are cut in, kept in the URL (`?from&to`) so a shared link shows the same
 * figures. The rules and limits mirror the API's (`services/codecrafters/ranges.ts`): only `from`
 * gives the 7 days from it, only `to` the 7 days up to it, `from` after `to` is an error on
 * `from`, more than 366 days an error on `to`. Presets follow the MCP tools' words
 * (`mcp/ranges.ts`): weeks run Monday to Sunday (ISO 8601), and "this" week or month ends today, so
 * the views never list days that have not happened. With no query the page shows this week.
 * Pure: "today" is an argument (see `zoned.ts` for today in a zone).
 */

export const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 7;

export interface DateRange {
  from: string;
  to: string;
}

/** What is wrong with each end, as the API's 400 would name it (`/query/from`, `/query/to`). */
export interface RangeErrors {
  from?: string;
  to?: string;
}

export type RangeResult = { ok: true; range: DateRange } | { ok: false; errors: RangeErrors };

const DAY_MS = 86_400_000;
const SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** The API's `REPORT_YEAR`: 1970-01-01 to 9998-12-31. */
const REPORT_YEAR = /^(?:19[7-9][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-/;
export const DATE_RULE = 'must be a date YYYY-MM-DD from 1970-01-01 to 9998-12-31';

const utc = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** `YYYY-MM-DD` plus `days` (may be negative). */
export const addDays = (date: string, days: number): string =>
  new Date(utc(date) + days * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included (1 when equal, 0 or less when `to` is before `from`). */
export const daysBetween = (from: string, to: string): number => Math.round((utc(to) - utc(from)) / DAY_MS) + 1;

/** Every date from `from` to `to`, both included. */
export function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** Monday of the ISO week that holds `date`. */
export function mondayOf(date: string): string {
  const weekday = (new Date(utc(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

/** A real calendar date the API takes in `from`/`to`. */
export function isReportDate(value: string): boolean {
  if (!SHAPE.test(value) || !REPORT_YEAR.test(value)) return false;
  const ms = utc(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export const PRESETS = [
  { id: 'this-week', label: 'This week' },
  { id: 'last-week', label: 'Last week' },
  { id: 'this-month', label: 'This month' },
] as const;
export type Preset = (typeof PRESETS)[number]['id'];

export function presetRange(preset: Preset, today: string): DateRange {
  switch (preset) {
    case 'this-week':
      return { from: mondayOf(today), to: today };
    case 'last-week': {
      const monday = addDays(mondayOf(today), -7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'this-month':
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

/** The preset a range is, today; `custom` when it is none of them. */
export function presetOf(range: DateRange, today: string): Preset | 'custom' {
  for (const { id } of PRESETS) {
    const preset = presetRange(id, today);
    if (preset.from === range.from && preset.to === range.to) return id;
  }
  return 'custom';
}

/**
 * `from`/`to` as the API resolves them (`resolveRange`): an absent end defaults from the other,
 * both absent is the last 7 days up to today. Shape errors first (both ends), then the range's.
 */
export function resolveRange(
  input: { from?: string | undefined; to?: string | undefined },
  today: string,
): RangeResult {
  const errors: RangeErrors = {};
  if (input.from !== undefined && !isReportDate(input.from)) errors.from = DATE_RULE;
  if (input.to !== undefined && !isReportDate(input.to)) errors.to = DATE_RULE;
  if (errors.from || errors.to) return { ok: false, errors };
  const to = input.to ?? (input.from !== undefined ? addDays(input.from, DEFAULT_RANGE_DAYS - 1) : today);
  const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const days = daysBetween(from, to);
  if (days < 1) return { ok: false, errors: { from: 'must not be after `to`' } };
  if (days > MAX_RANGE_DAYS) {
    return { ok: false, errors: { to: `the range spans ${days} days; at most ${MAX_RANGE_DAYS}` } };
  }
  return { ok: true, range: { from, to } };
}

/** One query value as the router gives it (`string | null | (string | null)[]`): absent when empty. */
function queryValue(value: unknown): string | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : null;
}

/** The page's range from its URL query: no `from` and no `to` is this week. */
export function rangeFromQuery(query: { from?: unknown; to?: unknown }, today: string): RangeResult {
  const from = queryValue(query.from);
  const to = queryValue(query.to);
  if (from === null || to === null) {
    return {
      ok: false,
      errors: { ...(from === null ? { from: DATE_RULE } : {}), ...(to === null ? { to: DATE_RULE } : {}) },
    };
  }
  if (from === undefined && to === undefined) return { ok: true, range: presetRange('this-week', today) };
  return resolveRange({ from, to }, today);
}

/** The last `days` days of a range (all of it when it is shorter). */
export function lastDays(range: DateRange, days: number): DateRange {
  if (daysBetween(range.from, range.to) <= days) return range;
  return { from: addDays(range.to, -(days - 1)), to: range.to };
}

/**
 * Whether a notice about `dates` may change a range's figures. The dates of a notice may be cut in
 * another zone than the view's (an organization's, a user's): zones are at most 26 hours apart, so
 * a date within 2 days of the range may be one of its days. No dates: it may.
 */
export function touchesRange(dates: readonly string[] | undefined, range: DateRange, marginDays = 2): boolean {
  if (!dates || dates.length === 0) return true;
  const from = addDays(range.from, -marginDays);
  const to = addDays(range.to, marginDays);
  return dates.some((date) => date >= from && date <= to);
}
