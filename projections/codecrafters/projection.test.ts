/**
 * The Code Crafters projection, event → writes: pure first (given an event, then exactly these
 * writes), then through the real runtime into a real SQLite read store, where the rollups must hold
 * the exact sums whatever the batch split (the same documents with batches of 1 and of 1,000).
 */
import { randomUUID } from 'node:crypto';
import { newEvent, storedEvent } from '../../stores/events/conformance-fixtures.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../stores/events/port.js';
import { openSqliteEventStore } from '../../stores/events/sqlite.js';
import { openSqliteReadStore } from '../../stores/reads/sqlite.js';
import type { Doc, WriteOp } from '../../stores/reads/port.js';
import { parseEventData } from '../../write/catalogue.js';
import { DEFAULT_PROFILE, type ActivityData } from '../../write/codecrafters/events.js';
import type { Attribution } from '../../write/codecrafters/enrich.js';
import { TestDays } from '../../write/codecrafters/test-days.js';
import { createReadModels } from '../read-models.js';
import { rebuild } from '../runtime/rebuild.js';
import { CODECRAFTERS_COLLECTIONS as C, codecraftersProjection, profileId } from './index.js';

const PERSONAL = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';
const PROJECT = '33333333-3333-4333-8333-333333333333';
const TASK = '44444444-4444-4444-8444-444444444444';

/** The team's days are cut in Kolkata (+05:30); the user's in UTC (their personal organization's zone). */
const attribution = (user_id: number): Attribution => ({
  user_id,
  user_timezone: 'UTC',
  default_organization: { id: PERSONAL, timezone: 'UTC' },
  tasks: new Map([[TASK, { project_id: PROJECT, organization_id: TEAM, timezone: 'Asia/Kolkata' }]]),
});

const agentRecord = (minute_start: string, active_seconds: number, task_id: string | null, device_id = 'laptop') => ({
  id: randomUUID(),
  device_id,
  minute_start,
  tz_offset_minutes: 0,
  active_seconds,
  keystrokes: 10,
  clicks: 2,
  scrolls: 1,
  mouse_distance_px: 300,
  task_id,
});

/** One minute as the write side records it, the first record of its minute, checked against the catalogue. */
function minute(
  user_id: number,
  minute_start: string,
  active_seconds: number,
  task_id: string | null = TASK,
): ActivityData {
  const recorded = new TestDays().record(agentRecord(minute_start, active_seconds, task_id), attribution(user_id));
  if (recorded.kind !== 'recorded') throw new Error(`not recorded: ${recorded.kind}`);
  return recorded.event.data;
}

function event(
  type: string,
  data: unknown,
  schema_version = type === 'codecrafters.ActivityRecorded' ? 2 : 1,
): NewEvent {
  return newEvent(type, data, { user_id: 1, occurred_at: '2026-03-08T00:00:00.000Z', schema_version });
}
const stored = (e: NewEvent, position = 42): StoredEvent => storedEvent(e, { position });
const when = (e: NewEvent) => ({
  then: (writes: WriteOp[]) => expect(codecraftersProjection.project(stored(e))).toEqual(writes),
});
const upsert = (collection: string, _id: string, update: Record<string, unknown>): WriteOp => ({
  kind: 'update',
  collection,
  filter: { _id },
  update,
  upsert: true,
});

const counters = (active_seconds: number) => ({
  active_seconds,
  records: 1,
  active_minutes: active_seconds > 0 ? 1 : 0,
  keystrokes: 10,
  clicks: 2,
  scrolls: 1,
  mouse_distance_px: 300,
});

describe('codecrafters projection (pure)', () => {
  it('an active minute on a task adds to the user, team, member, session and task rollups, and counts the member once', () => {
    // 18:45 UTC is 00:15 the next day in Kolkata: the team's day is the 9th, the user's the 8th.
    const data = minute(7, '2026-03-08T18:45:00.000Z', 45);
    const $inc = counters(45);
    const span = {
      $min: { first_minute_start: '2026-03-08T18:45:00.000Z' },
      $max: { last_minute_start: '2026-03-08T18:45:00.000Z' },
    };
    when(event('codecrafters.ActivityRecorded', data)).then([
      upsert(C.userDaily, '7:2026-03-08', { $inc, ...span, $setOnInsert: { user_id: 7, date: '2026-03-08' } }),
      upsert(C.userHourly, '7:2026-03-08T18', { $inc, $setOnInsert: { user_id: 7, date: '2026-03-08', hour: 18 } }),
      upsert(C.orgDaily, `${TEAM}:2026-03-09`, {
        $inc,
        $setOnInsert: { organization_id: TEAM, date: '2026-03-09' },
        $addToSet: { member_ids: { $each: [7] } },
      }),
      upsert(C.orgMemberDaily, `${TEAM}:2026-03-09:7`, {
        $inc,
        ...span,
        $setOnInsert: { organization_id: TEAM, user_id: 7, date: '2026-03-09' },
      }),
      upsert(C.sessions, '7:2026-03-08:laptop', {
        $inc,
        $min: { started_at: '2026-03-08T18:45:00.000Z' },
        $max: { ended_at: '2026-03-08T18:46:00.000Z' },
        $setOnInsert: { user_id: 7, device_id: 'laptop', date: '2026-03-08' },
      }),
      upsert(C.taskTime, `${TASK}:7`, {
        $inc,
        ...span,
        $setOnInsert: { task_id: TASK, user_id: 7, project_id: PROJECT, organization_id: TEAM },
      }),
      upsert(C.versions, `org:${TEAM}`, { $max: { position: 42 } }),
      upsert(C.versions, 'user:7', { $max: { position: 42 } }),
    ]);
  });

  it('an idle minute without a task is counted as a record, but makes nobody an active member and touches no task', () => {
    const writes = codecraftersProjection.project(
      stored(event('codecrafters.ActivityRecorded', minute(7, '2026-03-08T10:00:00.000Z', 0, null))),
    );
    expect(writes.map((w) => w.collection)).toEqual([
      C.userDaily,
      C.userHourly,
      C.orgDaily,
      C.orgMemberDaily,
      C.sessions,
      C.versions,
      C.versions,
    ]);
    expect(writes[2]).toMatchObject({ filter: { _id: `${PERSONAL}:2026-03-08` }, update: { $inc: counters(0) } });
  });

  it('a registration makes a profile with the defaults; a change replaces the settings', () => {
    const registered = {
      user_id: 7,
      username: 'alice',
      email: 'a@example.com',
      password_hash: 'scrypt$x',
      personal_organization_id: PERSONAL,
      registered_at: '2026-03-01T08:00:00.000Z',
    };
    when(event('atlas.UserRegistered', registered)).then([
      upsert(C.profiles, '7', {
        $setOnInsert: {
          id: profileId(7),
          user_id: 7,
          ...DEFAULT_PROFILE,
          created_at: '2026-03-01T08:00:00.000Z',
          updated_at: null,
        },
      }),
    ]);
    const settings = {
      ...DEFAULT_PROFILE,
      idle_threshold_minutes: 10,
      timezone: 'Asia/Kolkata',
      default_organization_id: TEAM,
    };
    const changed = parseEventData('codecrafters.ProductivityProfileUpdated', {
      user_id: 7,
      ...settings,
      updated_by: 7,
      updated_at: '2026-03-02T08:00:00.000Z',
    });
    when(event(changed.type, changed.data)).then([
      upsert(C.profiles, '7', {
        $set: { ...settings, updated_at: '2026-03-02T08:00:00.000Z' },
        $setOnInsert: { id: profileId(7), user_id: 7, created_at: '2026-03-02T08:00:00.000Z' },
      }),
    ]);
  });

  it('a membership change moves the team version (its members[] changed); other events write nothing', () => {
    const added = {
      organization_id: TEAM,
      user_id: 8,
      username: 'bob',
      role: 'member',
      added_by: 1,
      added_at: '2026-03-01T08:00:00.000Z',
    };
    when(event('atlas.MemberAdded', added)).then([upsert(C.versions, `org:${TEAM}`, { $max: { position: 42 } })]);
    when(event('atlas.TaskCreated', { anything: true })).then([]);
    when(event('nexacore.Whatever', {})).then([]);
  });

  it("a profile's id is a name-based (v5) UUID of the user: the same in every rebuild, one per user", () => {
    const ids = [1, 2, 7, 70, 700].map(profileId);
    for (const id of ids) expect(isUuid(id) && uuidVersion(id)).toBe(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect(profileId(7)).toBe(ids[2]);
  });

  it('two devices on one minute: the second adds what the minute has left, its inputs in full, and no second active minute', () => {
    const days = new TestDays();
    const [laptop, desktop] = [
      agentRecord('2026-03-08T10:00:00.000Z', 40, null),
      agentRecord('2026-03-08T10:00:00.000Z', 50, null, 'desktop'),
    ].map((record) => {
      const recorded = days.record(record, attribution(7));
      if (recorded.kind !== 'recorded') throw new Error(`not recorded: ${recorded.kind}`);
      return recorded.event.data;
    });
    expect([
      laptop!.counted_seconds,
      laptop!.counted_active_minute,
      desktop!.counted_seconds,
      desktop!.counted_active_minute,
    ]).toEqual([40, true, 20, false]);
    const userDay = (data: ActivityData) =>
      codecraftersProjection.project(stored(event('codecrafters.ActivityRecorded', data)))[0];
    expect(userDay(laptop!)).toMatchObject({ filter: { _id: '7:2026-03-08' }, update: { $inc: counters(40) } });
    expect(userDay(desktop!)).toMatchObject({
      filter: { _id: '7:2026-03-08' },
      update: { $inc: { ...counters(20), active_minutes: 0 } },
    });
  });

  it('reads a version 1 activity event (before the cap) as counted in full, as it was counted then', () => {
    const { counted_seconds: _, counted_active_minute: __, ...v1 } = minute(7, '2026-03-08T18:45:00.000Z', 45);
    const v2 = { ...v1, counted_seconds: 45, counted_active_minute: true };
    expect(codecraftersProjection.project(stored(event('codecrafters.ActivityRecorded', v1, 1)))).toEqual(
      codecraftersProjection.project(stored(event('codecrafters.ActivityRecorded', v2, 2))),
    );
  });

  it('stops on an activity event of a schema version it does not read', () => {
    expect(() =>
      codecraftersProjection.project(
        stored(event('codecrafters.ActivityRecorded', minute(7, '2026-03-08T10:00:00.000Z', 5), 3)),
      ),
    ).toThrow(/schema version 3/);
  });
});

describe('codecrafters projection through the runtime (SQLite)', () => {
  let dir: string;
  let snapshots: Record<string, Doc[]>[];

  // Alice (7): 3 minutes on the team's task across Kolkata midnight (18:30 UTC), one of them idle, and one personal minute.
  // Bob (8): 2 minutes on the team's task on the 9th (Kolkata), and an idle one on the 8th.
  const history = [
    minute(7, '2026-03-08T18:29:00.000Z', 60),
    minute(7, '2026-03-08T18:30:00.000Z', 30),
    minute(7, '2026-03-08T18:31:00.000Z', 0),
    minute(7, '2026-03-08T09:00:00.000Z', 20, null),
    minute(8, '2026-03-09T04:00:00.000Z', 50),
    minute(8, '2026-03-09T04:01:00.000Z', 40),
    minute(8, '2026-03-08T04:00:00.000Z', 0, null),
  ];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codecrafters-projection-'));
    const events = openSqliteEventStore({ file: path.join(dir, 'events.db') });
    const reads = openSqliteReadStore({ file: path.join(dir, 'reads.db') });
    await events.append(
      'activity',
      history.map((data) => event('codecrafters.ActivityRecorded', data)),
    );
    const readModels = createReadModels({ reads, projections: [codecraftersProjection] });
    snapshots = [];
    for (const batchSize of [1, 1_000]) {
      await rebuild(codecraftersProjection, { events, reads, batchSize });
      const snapshot: Record<string, Doc[]> = {};
      for (const logical of Object.keys(codecraftersProjection.collections))
        snapshot[logical] = await readModels.find(logical, {}, { sort: { _id: 1 } });
      snapshots.push(snapshot);
    }
    await events.close();
    await reads.close();
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const docs = (collection: string) => snapshots[1]![collection]!;
  const byId = (collection: string, id: string) => docs(collection).find((d) => d._id === id);

  it('gives the same documents with batches of 1 and of 1,000', () => {
    expect(snapshots[0]).toEqual(snapshots[1]);
  });

  it("cuts the team's days in its zone and counts each active member once per day", () => {
    expect(
      docs(C.orgDaily)
        .filter((d) => d.organization_id === TEAM)
        .map((d) => [d.date, d.active_seconds, d.records, d.active_minutes, d.member_ids]),
    ).toEqual([
      ['2026-03-08', 60, 1, 1, [7]], // Alice's 18:29 UTC, 23:59 in Kolkata
      ['2026-03-09', 30 + 0 + 50 + 40, 4, 3, [7, 8]],
    ]);
    expect(byId(C.orgDaily, `${PERSONAL}:2026-03-08`)).toMatchObject({
      active_seconds: 20,
      records: 2,
      active_minutes: 1,
      member_ids: [7],
    });
    expect(byId(C.orgMemberDaily, `${TEAM}:2026-03-09:7`)).toMatchObject({
      active_seconds: 30,
      records: 2,
      active_minutes: 1,
      first_minute_start: '2026-03-08T18:30:00.000Z',
      last_minute_start: '2026-03-08T18:31:00.000Z',
    });
  });

  it("cuts the user's days and hours in the user's zone", () => {
    expect(byId(C.userDaily, '7:2026-03-08')).toMatchObject({
      active_seconds: 110,
      records: 4,
      active_minutes: 3,
      first_minute_start: '2026-03-08T09:00:00.000Z',
      last_minute_start: '2026-03-08T18:31:00.000Z',
    });
    expect(
      docs(C.userHourly)
        .filter((d) => d.user_id === 7)
        .map((d) => [d._id, d.active_seconds]),
    ).toEqual([
      ['7:2026-03-08T09', 20],
      ['7:2026-03-08T18', 90],
    ]);
    expect(byId(C.sessions, '8:2026-03-09:laptop')).toMatchObject({
      started_at: '2026-03-09T04:00:00.000Z',
      ended_at: '2026-03-09T04:02:00.000Z',
      active_seconds: 90,
    });
  });

  it('tracks the time per task and user, and stamps versions with the last position', () => {
    expect(docs(C.taskTime).map((d) => [d._id, d.active_seconds, d.active_minutes, d.records])).toEqual([
      [`${TASK}:7`, 90, 2, 3],
      [`${TASK}:8`, 90, 2, 2],
    ]);
    expect(docs(C.versions)).toEqual([
      { _id: `org:${PERSONAL}`, position: 7 },
      { _id: `org:${TEAM}`, position: 6 },
      { _id: 'user:7', position: 4 },
      { _id: 'user:8', position: 7 },
    ]);
  });
});
