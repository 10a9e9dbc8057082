/**
 * The checks a record passes within its batch and against the clock: not older than
 * `MAX_AGE_DAYS`, not further in the future than `CLOCK_SKEW_MS` (agents' clocks drift), a record
 * id at most once per batch, and a task the sender can see. Pure: the caller says what time it is
 * and which tasks are visible. Each finding points at the offending field of the request body.
 */
import type { DomainIssue } from '../domain-error.js';
import { CLOCK_SKEW_MS, MAX_AGE_DAYS, type ActivityRecordInput } from './record.js';

export function checkRecords(
  records: readonly ActivityRecordInput[],
  now: Date,
  taskVisible: (taskId: string) => boolean,
): DomainIssue[] {
  const issues: DomainIssue[] = [];
  const earliest = now.getTime() - MAX_AGE_DAYS * 86_400_000;
  const latest = now.getTime() + CLOCK_SKEW_MS;
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    const at = (field: string) => `/records/${i}/${field}`;
    const first = seen.get(record.id);
    if (first === undefined) seen.set(record.id, i);
    else issues.push({ pointer: at('id'), message: `repeats the id of record ${first} of this batch` });

    const start = Date.parse(record.minute_start);
    if (start < earliest) {
      issues.push({ pointer: at('minute_start'), message: `is older than ${MAX_AGE_DAYS} days` });
    } else if (start > latest) {
      issues.push({
        pointer: at('minute_start'),
        message: 'is in the future (more than 2 minutes ahead of the server clock)',
      });
    }
    if (record.task_id != null && !taskVisible(record.task_id)) {
      issues.push({
        pointer: at('task_id'),
        message: `no task ${record.task_id} in an organization you are a member of`,
      });
    }
  });
  return issues;
}
