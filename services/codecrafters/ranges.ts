/**
 * `from`/`to` of the productivity answers: calendar dates (`YYYY-MM-DD`, both included) in the
 * zone the answer's days are cut in. Default: the last 7 days up to today in that zone. At most
 * 366 days per answer.
 */
import { z } from 'zod';
import { validationProblem } from '../../http/index.js';
import { LocalDateSchema } from '../../write/schemas.js';
import { addDays, daysBetween, localDate } from '../../write/codecrafters/index.js';

const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 7;

/**
 * A day of a range: 1970-01-01 to 9998-12-31. Nothing was tracked before the Unix epoch; and with
 * the last years of the calendar cut off, every day an answer lists (a default `to` is 6 days
 * after `from`) is still a four-digit ISO date. (From 9999-12-31, the days after ran off the
 * calendar and the answer was a 500.) A pattern, so that the document states it.
 */
export const REPORT_YEAR = /^(?:19[7-9][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-/;
const ReportDate = LocalDateSchema.regex(REPORT_YEAR, 'a date from 1970-01-01 to 9998-12-31').meta({ format: 'date' });

/** Rules across the two fields, which JSON Schema cannot state: said in their descriptions. */
export const RangeQuery = z.object({
  from: ReportDate.optional().describe(
    'first day, YYYY-MM-DD (default: 6 days before `to`); not after `to`, a 400 otherwise',
  ),
  to: ReportDate.optional().describe(
    `last day, YYYY-MM-DD (default: today in the zone of the answer, or 6 days after \`from\`); at most ${MAX_RANGE_DAYS} days from \`from\` to \`to\`, both included, a 400 otherwise`,
  ),
});
export type RangeQuery = z.infer<typeof RangeQuery>;

export interface DateRange {
  from: string;
  to: string;
}

export function resolveRange(query: RangeQuery, zone: string, now: Date): DateRange {
  const to = query.to ?? (query.from ? addDays(query.from, DEFAULT_RANGE_DAYS - 1) : localDate(zone, now));
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const days = daysBetween(from, to);
  if (days < 1) throw validationProblem([{ pointer: '/query/from', detail: 'must not be after `to`' }]);
  if (days > MAX_RANGE_DAYS) {
    throw validationProblem([
      { pointer: '/query/to', detail: `the range spans ${days} days; at most ${MAX_RANGE_DAYS}` },
    ]);
  }
  return { from, to };
}
