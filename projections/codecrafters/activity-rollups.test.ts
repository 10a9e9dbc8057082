/**
 * The Code Crafters rollups summed per run of events (`projectBatch`) against one event at a
 * time (`project`), on real SQLite read stores: the same documents, over random logs (several
 * users, organizations in other zones, days crossing midnight, several devices on one minute, the
 * same minute sent again under a new id or the same record resent (the write side's days decide
 * which go in, and what each counts), tasks, idle minutes, version 1 events from before the cap,
 * and the profile and membership events between them) split into random runs. And a run with an
 * event the projection cannot read stops at that event, nothing of it half-planned.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../stores/events/port.js';
import { parseEventData } from '../../write/catalogue.js';
import { DEFAULT_PROFILE, type ActivityData } from '../../write/codecrafters/events.js';
import { enrichRecord, type Attribution } from '../../write/codecrafters/enrich.js';
import type { ActivityRecordInput } from '../../write/codecrafters/record.js';
import { TestDays } from '../../write/codecrafters/test-days.js';
import { planBatch } from '../runtime/plan.js';
import { appliedBothWays } from '../runtime/test-fixtures/batch-agreement.js';
import { pickWith, seededRandom } from '../runtime/test-fixtures/random.js';
import { codecraftersProjection } from './index.js';
import { logged, memberJoined } from './test-log.js';

const PERSONAL = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222'; // Kolkata, +05:30
const OTHER = '55555555-5555-4555-8555-555555555555'; // Los Angeles
const TASKS = new Map([
  [
    '44444444-4444-4444-8444-444444444444',
    { project_id: '33333333-3333-4333-8333-333333333333', organization_id: TEAM, timezone: 'Asia/Kolkata' },
  ],
  [
    '66666666-6666-4666-8666-666666666666',
    { project_id: '77777777-7777-4777-8777-777777777777', organization_id: OTHER, timezone: 'America/Los_Angeles' },
  ],
]);
const USERS = [7, 8, 9];

/** A random log of `size` events, catalogue-valid, as the write side would have appended it. */
function randomLog(seed: number, size: number): StoredEvent[] {
  const next = seededRandom(seed);
  const pick = pickWith(next);
  const days = new TestDays();
  const sent: { record: ActivityRecordInput; attribution: Attribution }[] = [];
  const log: StoredEvent[] = [];
  let minute = Date.parse('2026-03-08T17:00:00.000Z'); // Kolkata's midnight falls at 18:30 UTC
  while (log.length < size) {
    const position = log.length + 1;
    const roll = next();
    const user_id = pick(USERS);
    if (roll < 0.03) {
      log.push(memberJoined(pick([TEAM, OTHER]), user_id, position));
    } else if (roll < 0.05) {
      const data = parseEventData('codecrafters.ProductivityProfileUpdated', {
        user_id,
        ...DEFAULT_PROFILE,
        idle_threshold_minutes: pick([5, 10]),
        updated_by: user_id,
        updated_at: new Date(minute).toISOString(),
      }).data;
      log.push(logged('codecrafters.ProductivityProfileUpdated', data, position));
    } else if (roll < 0.06) {
      const registered = {
        user_id,
        username: `u${user_id}`,
        email: `u${user_id}@example.com`,
        password_hash: 'scrypt$x',
        personal_organization_id: PERSONAL,
        registered_at: '2026-03-01T08:00:00.000Z',
      };
      log.push(logged('atlas.UserRegistered', registered, position));
    } else {
      // Mostly the next minute; often the same one again (another device, or the same one under a new id), an hour on, or back in time (an agent's offline backlog).
      minute += pick([0, 0, 60_000, 60_000, 60_000, 3_600_000, -300_000]);
      const record = {
        id: randomUUID(),
        device_id: pick(['laptop', 'desktop', 'tablet']),
        minute_start: new Date(minute).toISOString(),
        tz_offset_minutes: 0,
        active_seconds: pick([0, 1, 30, 45, 59, 60]),
        keystrokes: Math.floor(next() * 200),
        clicks: Math.floor(next() * 20),
        scrolls: Math.floor(next() * 20),
        mouse_distance_px: Math.floor(next() * 5_000),
        task_id: pick([null, ...TASKS.keys()]),
      };
      const attribution: Attribution = {
        user_id,
        user_timezone: pick(['UTC', 'Asia/Kolkata']),
        default_organization: { id: PERSONAL, timezone: 'UTC' },
        tasks: TASKS,
      };
      if (next() < 0.05) {
        // Written before the cap (version 1): counted in full, whatever else the minute holds.
        log.push(logged('codecrafters.ActivityRecorded', enrichRecord(record, attribution), position, 1));
        continue;
      }
      // Now and then an earlier record is sent again: the day knows it, nothing is appended.
      const resent = sent.length > 0 && next() < 0.05 ? pick(sent) : { record, attribution };
      sent.push(resent);
      const recorded = days.record(resent.record, resent.attribution);
      if (recorded.kind === 'recorded')
        log.push(logged('codecrafters.ActivityRecorded', recorded.event.data, position));
    }
  }
  return log;
}

describe('codecrafters rollups summed per run (projectBatch)', () => {
  for (const seed of [1, 2, 3]) {
    it(`leave the same documents as one event at a time (random log, seed ${seed})`, async () => {
      const log = randomLog(seed, 600);
      const activity = log.filter((event) => event.type === 'codecrafters.ActivityRecorded');
      const capped = activity.filter(
        (event) =>
          event.metadata.schema_version === 2 &&
          (event.data as ActivityData).counted_seconds < (event.data as ActivityData).active_seconds,
      );
      expect(capped.length, 'records on a minute another device had counted').toBeGreaterThan(5);
      expect(
        activity.filter((event) => event.metadata.schema_version === 1).length,
        'version 1 events',
      ).toBeGreaterThan(5);
      const { oneByOne, inRuns, writes } = await appliedBothWays(codecraftersProjection, log, {
        seed,
        longestRun: 150,
      });
      expect(inRuns).toEqual(oneByOne);
      expect(Object.values(oneByOne).flat().length, 'the log fills every collection').toBeGreaterThan(100);
      for (const [collection, documents] of Object.entries(oneByOne))
        expect(documents.length, collection).toBeGreaterThan(0);
      // Summed per run: a write per document, not one per minute and rollup.
      expect(writes.inRuns).toBeLessThan(writes.oneByOne / 3);
    });
  }

  it('stop at an event they cannot read: the runtime plans the run up to it, event by event', () => {
    const log = randomLog(4, 40);
    const unreadable = logged(
      'codecrafters.ActivityRecorded',
      log.find((event) => event.type === 'codecrafters.ActivityRecorded')!.data,
      21,
      3,
    );
    const run = [...log.slice(0, 20), unreadable, ...log.slice(21)];
    const collections = new Map(Object.keys(codecraftersProjection.collections).map((name) => [name, name]));
    const plan = planBatch(codecraftersProjection, collections, run);
    expect(plan.end).toBe(20);
    expect(String((plan.failure?.error as Error).message)).toMatch(/schema version 3/);
    expect(plan.ops).toEqual(
      planBatch({ ...codecraftersProjection, projectBatch: undefined }, collections, run.slice(0, 20)).ops,
    );
  });
});
