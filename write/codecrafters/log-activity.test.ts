import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEvent } from '../catalogue.js';
import { isDomainError } from '../domain-error.js';
import { openTempEventStore, type TempEventStore } from '../temp-event-store.js';
import { ActivityDays } from './activity-days.js';
import { DEFAULT_PROFILE } from './events.js';
import { NotVisibleYetError } from './facts.js';
import { logActivity, type ActivityDeps } from './log-activity.js';
import type { ActivityRecordInput } from './record.js';
import { emptyFactTables, tableFacts, type FactTables } from './test-facts.js';

const now = new Date('2025-03-13T01:00:00Z');
const personal = randomUUID();
const team = randomUUID();
const foreign = randomUUID();
const teamTask = randomUUID();
const foreignTask = randomUUID();
const project = randomUUID();

let temp: TempEventStore;
let tables: FactTables;
let deps: ActivityDeps;
beforeEach(() => {
  temp = openTempEventStore();
  tables = emptyFactTables();
  tables.users.set(7, personal);
  tables.organizations.set(personal, 'UTC').set(team, 'Asia/Kolkata').set(foreign, 'UTC');
  tables.members.add(`${personal}:7`).add(`${team}:7`);
  tables.tasks
    .set(teamTask, { project_id: project, organization_id: team })
    .set(foreignTask, { project_id: project, organization_id: foreign });
  deps = { days: new ActivityDays({ store: temp.store }), facts: tableFacts(tables), clock: () => now };
});
afterEach(() => temp.dispose());

const record = (minute: string, overrides: Partial<ActivityRecordInput> = {}): ActivityRecordInput => ({
  id: randomUUID(),
  device_id: 'laptop',
  minute_start: minute,
  tz_offset_minutes: 0,
  active_seconds: 40,
  keystrokes: 12,
  clicks: 3,
  scrolls: 1,
  mouse_distance_px: 900,
  ...overrides,
});
const sender = { user_id: 7, correlation_id: randomUUID() };
const everything = () => temp.store.readAll({ limit: 10_000 });

describe('logActivity', () => {
  it('stores one event per record, grouped into per-user, per-UTC-day streams, enriched for the rollups', async () => {
    const records = [record('2025-03-12T23:59:00Z'), record('2025-03-13T00:00:00Z', { task_id: teamTask })];
    expect(await logActivity(deps, { records }, sender)).toEqual({ accepted: 2, refused: [] });
    const stored = await everything();
    expect(stored.map((e) => [e.id, e.stream])).toEqual([
      [records[0]!.id, 'codecrafters-activity-7-2025-03-12'],
      [records[1]!.id, 'codecrafters-activity-7-2025-03-13'],
    ]);
    // Every event is one the catalogue accepts.
    const [first, second] = stored.map((event) => parseEvent(event));
    expect(first!.data).toMatchObject({
      organization_id: personal,
      org_timezone: 'UTC',
      org_date: '2025-03-12',
      user_timezone: 'UTC',
      user_date: '2025-03-12',
      user_hour: 23,
      task_id: null,
      project_id: null,
    });
    // The task's organization, cut in its zone (Kolkata: 05:30 on the 13th).
    expect(second!.data).toMatchObject({
      organization_id: team,
      org_timezone: 'Asia/Kolkata',
      org_date: '2025-03-13',
      user_date: '2025-03-13',
      user_hour: 0,
      task_id: teamTask,
      project_id: project,
    });
  });

  it("cuts the user's days in their profile's zone, and attributes to their default organization", async () => {
    tables.profiles.set(7, { ...DEFAULT_PROFILE, timezone: 'America/New_York', default_organization_id: team });
    await logActivity(deps, { records: [record('2025-03-13T00:30:00Z')] }, sender);
    const [event] = (await everything()).map((e) => parseEvent(e));
    expect(event!.data).toMatchObject({
      organization_id: team,
      org_date: '2025-03-13',
      user_timezone: 'America/New_York',
      user_date: '2025-03-12',
      user_hour: 20,
    });
  });

  it('accepts a resent batch and stores nothing new', async () => {
    const records = [record('2025-03-12T10:00:00Z'), record('2025-03-12T10:01:00Z')];
    await logActivity(deps, { records }, sender);
    expect(await logActivity(deps, { records: [...records, record('2025-03-12T10:02:00Z')] }, sender)).toEqual({
      accepted: 3,
      refused: [],
    });
    expect(await everything()).toHaveLength(3);
  });

  it("refuses alone a device's minute that another record holds (of this batch, or stored before), and stores the others", async () => {
    const first = record('2025-03-12T10:00:00Z');
    await logActivity(deps, { records: [first] }, sender);
    const records = [
      record('2025-03-12T10:01:00Z'),
      record('2025-03-12T10:00:00Z'),
      record('2025-03-12T10:01:00Z'),
      record('2025-03-12T10:02:00Z'),
    ];
    const answer = await logActivity(deps, { records }, sender);
    expect(answer).toEqual({
      accepted: 2,
      refused: [
        {
          index: 1,
          id: records[1]!.id,
          code: 'minute_already_recorded',
          recorded_id: first.id,
          reason: `minute 2025-03-12T10:00:00.000Z of device "laptop" is already recorded, as record ${first.id} (one minute of one device is one record)`,
        },
        {
          index: 2,
          id: records[2]!.id,
          code: 'minute_already_recorded',
          recorded_id: records[0]!.id,
          reason:
            'record 0 of this batch already holds minute 2025-03-12T10:01:00.000Z of device "laptop" (one minute of one device is one record)',
        },
      ],
    });
    expect((await everything()).map((e) => e.id)).toEqual([first.id, records[0]!.id, records[3]!.id]);
  });

  it('counts at most 60 s for a minute two devices report; their inputs add up', async () => {
    const records = [
      record('2025-03-12T10:00:00Z', { active_seconds: 40 }),
      record('2025-03-12T10:00:00Z', { device_id: 'desktop', active_seconds: 50 }),
    ];
    expect(await logActivity(deps, { records }, sender)).toEqual({ accepted: 2, refused: [] });
    const stored = (await everything()).map((e) => parseEvent(e));
    expect(
      stored.map(
        (e) =>
          e.type === 'codecrafters.ActivityRecorded' && [
            e.data.active_seconds,
            e.data.counted_seconds,
            e.data.counted_active_minute,
            e.data.keystrokes,
          ],
      ),
    ).toEqual([
      [40, 40, true, 12],
      [50, 20, false, 12],
    ]);
    // The events carry the sender's metadata, and the record's id.
    expect(stored[0]).toMatchObject({
      id: records[0]!.id,
      metadata: {
        correlation_id: sender.correlation_id,
        user_id: 7,
        occurred_at: now.toISOString(),
        schema_version: 2,
      },
    });
  });

  it('stores nothing when one record is refused, and names each refused field', async () => {
    const records = [
      record('2025-03-12T10:00:00Z'),
      record('2025-03-12T10:01:00Z', { task_id: foreignTask }),
      record('2025-03-13T01:05:00Z'),
    ];
    const error = await logActivity(deps, { records }, sender).catch((e: unknown) => e);
    expect(isDomainError(error, 'invalid')).toBe(true);
    expect((error as { issues: { pointer: string }[] }).issues.map((i) => i.pointer)).toEqual([
      '/records/1/task_id',
      '/records/2/minute_start',
    ]);
    expect(await everything()).toEqual([]);
  });

  it('refuses every record while tracking is disabled', async () => {
    tables.profiles.set(7, { ...DEFAULT_PROFILE, tracking_enabled: false });
    const error = await logActivity(deps, { records: [record('2025-03-12T10:00:00Z')] }, sender).catch(
      (e: unknown) => e,
    );
    expect(isDomainError(error, 'conflict')).toBe(true);
    expect(await everything()).toEqual([]);
  });

  it('says "not visible yet", not "invalid", for a task the log holds but the read models do not show yet', async () => {
    const fresh = randomUUID();
    tables.pending.add(`${fresh}:7`);
    const error = await logActivity(
      deps,
      { records: [record('2025-03-12T10:00:00Z', { task_id: fresh })] },
      sender,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotVisibleYetError);
    expect(await everything()).toEqual([]);
  });

  it('says "not visible yet" for a user the read models do not know', async () => {
    const error = await logActivity(
      deps,
      { records: [record('2025-03-12T10:00:00Z')] },
      { ...sender, user_id: 8 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotVisibleYetError);
  });
});
