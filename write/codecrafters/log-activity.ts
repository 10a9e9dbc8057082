/**
 * `POST /api/v1/activity/log`: a batch of minutes from a desktop agent becomes events on the
 * sender's activity streams. All or nothing: when any record is refused, the answer names every
 * refused field and nothing is stored, so an agent fixes or drops records and simply resends.
 * A record whose id is already stored is accepted and ignored (the event store drops stored ids).
 * What the read models do not show yet (the sender, or a task the log already holds) is
 * `NotVisibleYetError`: retry shortly.
 */
import type { EventMetadata, EventStore, NewEvent } from '../../stores/events/port.js';
import { DomainError } from '../domain-error.js';
import { ActivityRecorded, activityStream, type ActivityData } from './events.js';
import { enrichRecord, type Attribution, type TaskPlace } from './enrich.js';
import { NotVisibleYetError, type ActivityFacts } from './facts.js';
import type { ActivityBatchInput, ActivityRecordInput } from './record.js';
import { checkRecords } from './record-checks.js';

export interface ActivityDeps {
  /** The event store, or anything that appends like it (e.g. a group-committing appender). */
  store: Pick<EventStore, 'append'>;
  facts: ActivityFacts;
  clock: () => Date;
}

export interface Sender {
  user_id: number;
  correlation_id: string;
}

export interface LoggedActivity {
  /** Records accepted: stored now, or already stored before. */
  accepted: number;
}

/** The tasks of the batch that the sender can see (a member of the task's organization), with their zones. */
async function visibleTasks(facts: ActivityFacts, records: readonly ActivityRecordInput[], userId: number): Promise<Map<string, TaskPlace>> {
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
async function refuseUnseenYet(facts: ActivityFacts, records: readonly ActivityRecordInput[], visible: ReadonlyMap<string, TaskPlace>, userId: number): Promise<void> {
  const unseen = new Set<string>();
  for (const record of records) if (record.task_id != null && !visible.has(record.task_id)) unseen.add(record.task_id);
  const pending = await Promise.all([...unseen].map(async (id) => ((await facts.taskPending(id, userId)) ? id : null)));
  const first = pending.find((id) => id !== null);
  if (first) throw new NotVisibleYetError(`task ${first} is in the log but not in the read models yet`);
}

async function attributionOf(facts: ActivityFacts, userId: number, defaultOrganization: string | null, profileZone: string | null, tasks: Map<string, TaskPlace>): Promise<Attribution> {
  const organizationId = defaultOrganization ?? (await facts.personalOrganization(userId));
  if (organizationId === null) throw new NotVisibleYetError(`user ${userId} is not in the read models yet`);
  const timezone = await facts.organizationTimezone(organizationId);
  if (timezone === null) throw new NotVisibleYetError(`organization ${organizationId} is not in the read models yet`);
  return { user_id: userId, user_timezone: profileZone ?? timezone, default_organization: { id: organizationId, timezone }, tasks };
}

export async function logActivity(deps: ActivityDeps, batch: ActivityBatchInput, sender: Sender): Promise<LoggedActivity> {
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
  const attribution = await attributionOf(facts, sender.user_id, profile.default_organization_id, profile.timezone, tasks);

  const metadata: EventMetadata = {
    correlation_id: sender.correlation_id,
    causation_id: null,
    user_id: sender.user_id,
    occurred_at: now.toISOString(),
    schema_version: ActivityRecorded.version,
  };
  const byStream = new Map<string, NewEvent<string, ActivityData>[]>();
  for (const record of batch.records) {
    const data = enrichRecord(record, attribution);
    const stream = activityStream(sender.user_id, data.minute_start.slice(0, 10));
    let events = byStream.get(stream);
    if (!events) byStream.set(stream, (events = []));
    events.push({ id: record.id, type: ActivityRecorded.type, data, metadata });
  }
  // Expected revision `any`: minutes of one stream commute, and ids make a resend harmless.
  await Promise.all([...byStream].map(([stream, events]) => deps.store.append(stream, events, { expectedRevision: 'any' })));
  return { accepted: batch.records.length };
}
