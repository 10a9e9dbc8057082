/**
 * `from`/`to` of the productivity answers: calendar dates (`YYYY-MM-DD`, both included) in the
 * zone the answer's days are cut in. Default: the last 7 days up to today in that zone. At most
 * 366 days per answer.
 */
import { z } from 'zod';
import { validationProblem } from '../../http/index.js';
import { LocalDateSchema } from '../../write/schemas.js';
import { addDays, daysBetween, localDate } from '../../write/codecrafters/index.js';

export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 7;

/** Rules across the two fields, which JSON Schema cannot state: said in their descriptions. */
export const RangeQuery = z.object({
  from: LocalDateSchema.optional().describe('first day, YYYY-MM-DD (default: 6 days before `to`); not after `to`, a 400 otherwise'),
  to: LocalDateSchema.optional().describe(
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
    throw validationProblem([{ pointer: '/query/to', detail: `the range spans ${days} days; at most ${MAX_RANGE_DAYS}` }]);
  }
  return { from, to };
}
