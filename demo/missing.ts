/**
 * What a run still has to send: the minutes of the local days whose productive time, as Code
 * Crafters shows it, falls short of what the generator made for them. A day already stored in
 * full (a second run, or the earlier days of a run on a later day) is skipped; any other day is
 * sent whole, and the ingest drops the minutes it already holds (same ids). Skipping is only an
 * optimisation: sending everything again would store nothing new either.
 */
import { localTime } from '../write/codecrafters/local-time.js';
import type { ActivityRecordInput } from '../write/codecrafters/record.js';
import type { UserDays } from './api/schemas.js';

/** The local date of a record's minute; looked up once per quarter-hour (zones change offset on those). */
function datesIn(timezone: string): (record: ActivityRecordInput) => string {
  const byQuarter = new Map<number, string>();
  return (record) => {
    const quarter = Math.floor(Date.parse(record.minute_start) / 900_000);
    let date = byQuarter.get(quarter);
    if (date === undefined) byQuarter.set(quarter, (date = localTime(timezone, quarter * 900_000).date));
    return date;
  };
}

/** Productive seconds per local date: one person's devices never overlap, so the sum is what the server counts. */
export function secondsByDate(records: readonly ActivityRecordInput[], timezone: string): Map<string, number> {
  const dateOf = datesIn(timezone);
  const byDate = new Map<string, number>();
  for (const record of records) {
    const date = dateOf(record);
    byDate.set(date, (byDate.get(date) ?? 0) + record.active_seconds);
  }
  return byDate;
}

export function missingRecords(
  records: readonly ActivityRecordInput[],
  timezone: string,
  stored: UserDays,
): ActivityRecordInput[] {
  if (stored.timezone !== timezone) return [...records]; // days cut elsewhere: nothing to compare
  const have = new Map(stored.days.map((d) => [d.date, d.productive_seconds]));
  const generated = secondsByDate(records, timezone);
  // A day of idle minutes only (0 s) is sent again: its figures cannot tell whether it is there.
  const complete = new Set(
    [...generated].filter(([date, seconds]) => seconds > 0 && (have.get(date) ?? 0) >= seconds).map(([d]) => d),
  );
  const dateOf = datesIn(timezone);
  return records.filter((record) => !complete.has(dateOf(record)));
}
