/**
 * `POST /api/v1/activity/log`: a batch of minutes from a desktop agent becomes events on the
 * sender's activity days (one stream per UTC day, `activity-day.ts`).
 *
 * Validation is all or nothing: when any record is invalid (a field, the clock, an id twice in
 * the batch, a task the sender cannot see), the answer names every refused field and nothing is
 * stored, so an agent fixes or drops records and simply resends. A valid batch then goes in
 * record by record: a record for a device's minute that is already recorded under another id (by
 * this batch or an earlier one) is refused alone, and the answer says which and why; the others
 * are stored. A record whose id is already stored is accepted and ignored.
 * What the read models do not show yet (the sender, or a task the log already holds) is
 * `NotVisibleYetError`: retry shortly.
 */
import { DomainError } from '../domain-error.js';
import type { ActivityDays } from './activity-days.js';
import { activityStream, type RecordedMinute } from './events.js';
import { enrichRecord, type Attribution, type TaskPlace } from './enrich.js';
import { NotVisibleYetError, type ActivityFacts } from './facts.js';
import type { ActivityBatchInput, ActivityRecordInput } from './record.js';
import { checkRecords } from './record-checks.js';

export interface ActivityDeps {
  /** Where the minutes are recorded: one per process (`new ActivityDays({store, cache})`). */
  days: ActivityDays;
  facts: ActivityFacts;
  clock: () => Date;
}

export interface Sender {
  user_id: number;
  correlation_id: string;
}

/** Why a record of a valid batch was not stored. */
export interface RefusedRecord {
  /** The record's index in the batch. */
  index: number;
  id: string;
  code: 'minute_already_recorded';
  reason: string;
  /** The record that holds the device's minute. */
  recorded_id: string;
}

export interface LoggedActivity {
  /** Records accepted: stored now, or already stored before (same id). */
  accepted: number;
  /** The others, by index. */
  refused: RefusedRecord[];
}

/** The tasks of the batch that the sender can see (a member of the task's organization), with their zones. */
async function visibleTasks(
  facts: ActivityFacts,
  records: readonly ActivityRecordInput[],
  userId: number,
): Promise<Map<string, TaskPlace>> {
  const ids = new Set<string>();
  for (const record of records) if (record.task_id != null) ids.add(record.task_id);
  const places = new Map<string, TaskPlace>();
  await Promise.all(
    [...ids].map(async (id) => {
      const task = await facts.task(id);
      if (!task || !(await facts.isMember(task.organization_id, userId))) return;
      const timezone = await facts.organizationTimezone(task.organization_id);
      if (timezone === null) return;
      places.set(id, { ...task, timezone });
    }),
  );
  return places;
}

/**
 * A task the read models do not show may be one the log already holds (made, or its member added,
 * a moment ago): "retry shortly", not a refusal for which the agent would drop its minutes.
 */
async function refuseUnseenYet(
  facts: ActivityFacts,
  records: readonly ActivityRecordInput[],
  visible: ReadonlyMap<string, TaskPlace>,
  userId: number,
): Promise<void> {
  const unseen = new Set<string>();
  for (const record of records) if (record.task_id != null && !visible.has(record.task_id)) unseen.add(record.task_id);
  const pending = await Promise.all([...unseen].map(async (id) => ((await facts.taskPending(id, userId)) ? id : null)));
  const first = pending.find((id) => id !== null);
  if (first) throw new NotVisibleYetError(`task ${first} is in the log but not in the read models yet`);
}

async function attributionOf(
  facts: ActivityFacts,
  userId: number,
  defaultOrganization: string | null,
  profileZone: string | null,
  tasks: Map<string, TaskPlace>,
): Promise<Attribution> {
  const organizationId = defaultOrganization ?? (await facts.personalOrganization(userId));
  if (organizationId === null) throw new NotVisibleYetError(`user ${userId} is not in the read models yet`);
  const timezone = await facts.organizationTimezone(organizationId);
  if (timezone === null) throw new NotVisibleYetError(`organization ${organizationId} is not in the read models yet`);
  return {
    user_id: userId,
    user_timezone: profileZone ?? timezone,
    default_organization: { id: organizationId, timezone },
    tasks,
  };
}

export async function logActivity(
  deps: ActivityDeps,
  batch: ActivityBatchInput,
  sender: Sender,
): Promise<LoggedActivity> {
  const { facts } = deps;
  const now = deps.clock();
  const profile = await facts.profile(sender.user_id);
  if (!profile.tracking_enabled) {
    throw new DomainError('conflict', 'tracking is disabled in your productivity profile; no record was stored');
  }
  const tasks = await visibleTasks(facts, batch.records, sender.user_id);
  await refuseUnseenYet(facts, batch.records, tasks, sender.user_id);
  const issues = checkRecords(batch.records, now, (id) => tasks.has(id));
  if (issues.length > 0) {
    const detail = `${issues.length} problem${issues.length === 1 ? '' : 's'} in the batch; no record was stored`;
    throw new DomainError('invalid', detail, issues[0]!.pointer, issues);
  }
  const attribution = await attributionOf(
    facts,
    sender.user_id,
    profile.default_organization_id,
    profile.timezone,
    tasks,
  );

  const metadata = {
    correlation_id: sender.correlation_id,
    causation_id: null,
    user_id: sender.user_id,
    occurred_at: now.toISOString(),
  };
  const byStream = new Map<string, { records: { id: string; data: RecordedMinute }[]; indexes: number[] }>();
  batch.records.forEach((record, index) => {
    const data = enrichRecord(record, attribution);
    const stream = activityStream(sender.user_id, data.minute_start.slice(0, 10));
    let day = byStream.get(stream);
    if (!day) byStream.set(stream, (day = { records: [], indexes: [] }));
    day.records.push({ id: record.id, data });
    day.indexes.push(index);
  });
  // One append per day, side by side: a store failure midway may leave some days stored, and the ids make the resend harmless.
  const outcomes = await Promise.all(
    [...byStream].map(async ([stream, day]) => ({
      day,
      outcome: await deps.days.record(stream, { records: day.records, metadata }),
    })),
  );
  const indexOf = new Map(batch.records.map((record, index) => [record.id, index]));
  const refused: RefusedRecord[] = [];
  for (const { day, outcome } of outcomes) {
    for (const { at, id, recorded_id } of outcome.refused) {
      const index = day.indexes[at]!;
      const { device_id, minute_start } = day.records[at]!.data;
      const earlier = indexOf.get(recorded_id);
      const device = JSON.stringify(device_id);
      const reason =
        earlier !== undefined
          ? `record ${earlier} of this batch already holds minute ${minute_start} of device ${device} (one minute of one device is one record)`
          : `minute ${minute_start} of device ${device} is already recorded, as record ${recorded_id} (one minute of one device is one record)`;
      refused.push({ index, id, code: 'minute_already_recorded', reason, recorded_id });
    }
  }
  refused.sort((a, b) => a.index - b.index);
  return { accepted: batch.records.length - refused.length, refused };
}
