/**
 * The rollups summed per run (`projectBatch`) on adversarial minutes (users switching
 * organization and dates back and forth, the same minute twice, a task with no project, idle
 * minutes, records that count less than their seconds or not their minute (another device's
 * counted first), version 1 events counted in full, hours and devices changing, memberships in
 * between): the same documents as one event at a time through `project`, and as a reference
 * implementation, the rollups of each record spelled out as the generic writes the projection
 * emitted before it summed runs.
 */
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../stores/events/port.js';
import { appliedBothWays } from '../runtime/test-fixtures/batch-agreement.js';
import { pickWith, seededRandom } from '../runtime/test-fixtures/random.js';
import { codecraftersProjection } from './index.js';
import { logged, memberJoined } from './test-log.js';
import type { Projection } from '../projection.js';
import type { UpdateDoc, WriteOp } from '../../stores/reads/port.js';
import type { ActivityData } from '../../write/codecrafters/events.js';
import {
  CODECRAFTERS_COLLECTIONS as C,
  orgDayId,
  orgMemberDayId,
  orgVersionId,
  userDayId,
  userVersionId,
} from './models.js';

/**
 * One record's rollups as generic writes (the projection before `ActivityRollups`, b4d7ff0, counting
 * what the record counted since the cap): an independent reference. A version 1 event counted
 * its active seconds in full.
 */
function referenceActivityWrites(event: StoredEvent): WriteOp[] {
  const data = event.data as ActivityData;
  const position = event.position;
  const v1 = event.metadata.schema_version === 1;
  const seconds = v1 ? data.active_seconds : data.counted_seconds;
  const opens = v1 ? data.active_seconds > 0 : data.counted_active_minute;
  const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
  const upsert = (collection: string, _id: string, update: UpdateDoc): WriteOp => ({
    kind: 'update',
    collection,
    filter: { _id },
    update,
    upsert: true,
  });
  const $inc = {
    active_seconds: seconds,
    records: 1,
    active_minutes: opens ? 1 : 0,
    keystrokes: data.keystrokes,
    clicks: data.clicks,
    scrolls: data.scrolls,
    mouse_distance_px: data.mouse_distance_px,
  };
  const minute = data.minute_start;
  const span = { $min: { first_minute_start: minute }, $max: { last_minute_start: minute } };
  const { user_id, organization_id } = data;
  const writes: WriteOp[] = [
    upsert(C.userDaily, userDayId(user_id, data.user_date), {
      $inc,
      ...span,
      $setOnInsert: { user_id, date: data.user_date },
    }),
    upsert(C.userHourly, `${userDayId(user_id, data.user_date)}T${pad2(data.user_hour)}`, {
      $inc,
      $setOnInsert: { user_id, date: data.user_date, hour: data.user_hour },
    }),
    upsert(C.orgDaily, orgDayId(organization_id, data.org_date), {
      $inc,
      $setOnInsert: { organization_id, date: data.org_date },
      ...(seconds > 0 ? { $addToSet: { member_ids: user_id } } : {}),
    }),
    upsert(C.orgMemberDaily, orgMemberDayId(organization_id, data.org_date, user_id), {
      $inc,
      ...span,
      $setOnInsert: { organization_id, user_id, date: data.org_date },
    }),
    upsert(C.sessions, `${userDayId(user_id, data.user_date)}:${data.device_id}`, {
      $inc,
      $min: { started_at: minute },
      $max: { ended_at: new Date(Date.parse(minute) + 60_000).toISOString() },
      $setOnInsert: { user_id, device_id: data.device_id, date: data.user_date },
    }),
    upsert(C.versions, orgVersionId(organization_id), { $max: { position } }),
    upsert(C.versions, userVersionId(user_id), { $max: { position } }),
  ];
  if (data.task_id !== null && data.project_id !== null) {
    writes.push(
      upsert(C.taskTime, `${data.task_id}:${user_id}`, {
        $inc,
        ...span,
        $setOnInsert: { task_id: data.task_id, user_id, project_id: data.project_id, organization_id },
      }),
    );
  }
  return writes;
}

/** `project` is the reference, one event at a time; `projectBatch` is the projection's. */
const referenceVsBatch: Projection = {
  ...codecraftersProjection,
  project: (event) =>
    event.type === 'codecrafters.ActivityRecorded'
      ? referenceActivityWrites(event)
      : codecraftersProjection.project(event),
};

const ORGS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
const TASKS = ['44444444-4444-4444-8444-444444444444', '66666666-6666-4666-8666-666666666666'];
const PROJECTS = ['33333333-3333-4333-8333-333333333333', '77777777-7777-4777-8777-777777777777'];
const DATES = ['2026-03-07', '2026-03-08', '2026-03-09'];

function adversarialLog(seed: number, size: number): StoredEvent[] {
  const next = seededRandom(seed);
  const pick = pickWith(next);
  const log: StoredEvent[] = [];
  while (log.length < size) {
    const position = log.length + 1;
    const user_id = pick([7, 8]);
    const roll = next();
    if (roll < 0.05) {
      log.push(memberJoined(pick(ORGS), user_id, position));
      continue;
    }
    const minute = new Date(
      Date.parse('2026-03-08T10:00:00.000Z') + Math.floor(next() * 6) * 60_000 + pick([0, 0, 86_400_000, -86_400_000]),
    ).toISOString();
    const t = Math.floor(next() * 3);
    const active_seconds = pick([0, 0, 30, 60]);
    // What a record counts depends on the minute's other records (another device's): anything up to its seconds; or (version 1) all of them.
    const counted_seconds = Math.floor(next() * (active_seconds + 1));
    const version = next() < 0.2 ? 1 : 2;
    const counted =
      version === 1 ? {} : { counted_seconds, counted_active_minute: counted_seconds > 0 && next() < 0.7 };
    log.push(
      logged(
        'codecrafters.ActivityRecorded',
        {
          device_id: pick(['laptop', 'desktop']),
          minute_start: minute,
          tz_offset_minutes: 0,
          active_seconds,
          keystrokes: Math.floor(next() * 10),
          clicks: Math.floor(next() * 3),
          scrolls: 0,
          mouse_distance_px: Math.floor(next() * 100),
          task_id: t === 2 ? null : TASKS[t]!,
          user_id,
          project_id: pick([null, PROJECTS[0]!, PROJECTS[1]!]),
          organization_id: pick(ORGS),
          org_timezone: 'UTC',
          org_date: pick(DATES),
          user_timezone: 'UTC',
          user_date: pick(DATES),
          user_hour: pick([9, 10, 23]),
          ...counted,
        },
        position,
        version,
      ),
    );
  }
  return log;
}

describe('codecrafters rollups summed per run, on adversarial minutes', () => {
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`agree with project, one event at a time (seed ${seed})`, async () => {
      const log = adversarialLog(seed, 300);
      const { oneByOne, inRuns } = await appliedBothWays(codecraftersProjection, log, { seed, longestRun: 80 });
      expect(inRuns).toEqual(oneByOne);
    });
    it(`agree with the reference writes (seed ${seed})`, async () => {
      const log = adversarialLog(seed, 300);
      const { oneByOne, inRuns } = await appliedBothWays(referenceVsBatch, log, { seed: seed + 100, longestRun: 80 });
      expect(inRuns).toEqual(oneByOne);
    });
  }
});
