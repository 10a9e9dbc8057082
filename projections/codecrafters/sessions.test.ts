/**
 * The active minutes behind the sessions timeline: pure (an active minute → its user's day and its
 * member's day; an idle minute → nothing), and `projectBatch` against `project` on real stores.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newEvent, storedEvent } from '../../stores/events/conformance-fixtures.js';
import type { StoredEvent } from '../../stores/events/port.js';
import { parseEventData } from '../../write/catalogue.js';
import { enrichRecord, type Attribution } from '../../write/codecrafters/enrich.js';
import { withCounted } from '../../write/codecrafters/events.js';
import { appliedBothWays } from '../runtime/test-fixtures/batch-agreement.js';
import { seededRandom } from '../runtime/test-fixtures/random.js';
import { SESSION_COLLECTIONS, sessionsProjection } from './index.js';

const PERSONAL = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';
const TASK = '44444444-4444-4444-8444-444444444444';

/** The team's days are cut in Kolkata (+05:30), the user's in UTC. */
const attribution = (user_id: number): Attribution => ({
  user_id,
  user_timezone: 'UTC',
  default_organization: { id: PERSONAL, timezone: 'UTC' },
  tasks: new Map([
    [TASK, { project_id: '33333333-3333-4333-8333-333333333333', organization_id: TEAM, timezone: 'Asia/Kolkata' }],
  ]),
});

function minute(
  user_id: number,
  minute_start: string,
  active_seconds: number,
  task_id: string | null,
  position: number,
  device_id = 'laptop',
): StoredEvent {
  const record = {
    id: randomUUID(),
    device_id,
    minute_start,
    tz_offset_minutes: 0,
    active_seconds,
    keystrokes: 1,
    clicks: 0,
    scrolls: 0,
    mouse_distance_px: 0,
    task_id,
  };
  const { type, data } = parseEventData(
    'codecrafters.ActivityRecorded',
    withCounted(enrichRecord(record, attribution(user_id)), active_seconds, active_seconds > 0),
  );
  const event = newEvent(type, data, { user_id, occurred_at: '2026-03-08T00:00:00.000Z', schema_version: 2 });
  return storedEvent({ ...event, id: record.id }, { revision: position - 1, position });
}

const epochMinute = (iso: string): number => Date.parse(iso) / 60_000;

describe('codecrafters_sessions (pure)', () => {
  it("an active minute goes to the user's day (their zone) and the member's day (the organization's zone)", () => {
    // 18:45 UTC is 00:15 the next day in Kolkata.
    expect(sessionsProjection.project(minute(7, '2026-03-08T18:45:00.000Z', 20, TASK, 1))).toEqual([
      {
        kind: 'update',
        collection: SESSION_COLLECTIONS.userMinutes,
        filter: { _id: '7:2026-03-08' },
        update: {
          $setOnInsert: { user_id: 7, date: '2026-03-08' },
          $addToSet: { minutes: { $each: [epochMinute('2026-03-08T18:45:00.000Z')] } },
        },
        upsert: true,
      },
      {
        kind: 'update',
        collection: SESSION_COLLECTIONS.memberMinutes,
        filter: { _id: `${TEAM}:2026-03-09:7` },
        update: {
          $setOnInsert: { organization_id: TEAM, user_id: 7, date: '2026-03-09' },
          $addToSet: { minutes: { $each: [epochMinute('2026-03-08T18:45:00.000Z')] } },
        },
        upsert: true,
      },
    ]);
  });

  it('an idle minute, and any other event, writes nothing', () => {
    expect(sessionsProjection.project(minute(7, '2026-03-08T10:00:00.000Z', 0, null, 1))).toEqual([]);
    const other = {
      ...minute(7, '2026-03-08T10:00:00.000Z', 5, null, 1),
      type: 'atlas.TaskCreated',
      data: { anything: true },
    };
    expect(sessionsProjection.project(other)).toEqual([]);
  });

  it('a run of minutes is one write per document, each minute once', () => {
    const run = [
      minute(7, '2026-03-08T10:00:00.000Z', 60, null, 1),
      minute(7, '2026-03-08T10:01:00.000Z', 60, null, 2),
      minute(7, '2026-03-08T10:01:00.000Z', 30, null, 3, 'desktop'), // the same minute from another device
      minute(7, '2026-03-08T10:02:00.000Z', 0, null, 4),
    ];
    const writes = sessionsProjection.projectBatch!(run);
    expect(writes.map((w) => (w.kind === 'update' ? [w.collection, w.filter._id] : w.kind))).toEqual([
      [SESSION_COLLECTIONS.userMinutes, '7:2026-03-08'],
      [SESSION_COLLECTIONS.memberMinutes, `${PERSONAL}:2026-03-08:7`],
    ]);
  });
});

describe('codecrafters_sessions projectBatch', () => {
  it('leaves the same documents as one event at a time (random log)', async () => {
    const next = seededRandom(11);
    const log = Array.from({ length: 400 }, (_, i) => {
      const at = new Date(Date.parse('2026-03-08T17:00:00.000Z') + Math.floor(next() * 180) * 60_000).toISOString();
      return minute(
        7 + Math.floor(next() * 2),
        at,
        [0, 30, 60][Math.floor(next() * 3)]!,
        next() < 0.5 ? TASK : null,
        i + 1,
        next() < 0.5 ? 'laptop' : 'desktop',
      );
    });
    const both = await appliedBothWays(sessionsProjection, log, { seed: 3, longestRun: 60 });
    expect(both.inRuns).toEqual(both.oneByOne);
    expect(both.oneByOne[SESSION_COLLECTIONS.memberMinutes]!.length).toBeGreaterThan(2);
    expect(both.writes.inRuns).toBeLessThan(both.writes.oneByOne);
  });
});
