/**
 * Reading a stream up to a moment (as-of-events.ts) and folding it (as-of-view.ts), over a real
 * SQLite event store in a temp dir: the prefix rule when a clock stepped back, paging, and the bound.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Problem } from '../../http/index.js';
import { openTempEventStore, type TempEventStore } from '../../write/temp-event-store.js';
import { eventsAsOf } from './as-of-events.js';
import { asOf } from './as-of-view.js';

const task_id = randomUUID();
const project_id = randomUUID();
const organization_id = randomUUID();
const stream = `atlas-task-${task_id}`;
const about = { task_id, project_id, organization_id, due_date: null };
const instant = (time: string) => `2026-03-02T${time}.000Z`;

const created = {
  type: 'atlas.TaskCreated',
  data: { task_id, project_id, organization_id, title: 'Fuel', description: null, due_date: null, created_by: 1 },
  at: 'created_at',
};
const assigned = (assignee_id: number, previous_assignee_id: number | null = null) => ({
  type: 'atlas.TaskAssigned',
  data: { ...about, assignee_id, assignee_username: `user${assignee_id}`, previous_assignee_id, assigned_by: 1 },
  at: 'assigned_at',
});
const started = { type: 'atlas.TaskStarted', data: { ...about, assignee_id: 2, started_by: 2 }, at: 'started_at' };

let temp: TempEventStore;
beforeEach(() => {
  temp = openTempEventStore();
});
afterEach(async () => {
  await temp.dispose();
});

/** Appends each event as decided at its time (its data's own timestamp is that time too). */
async function append(...events: [{ type: string; data: Record<string, unknown>; at: string }, string][]) {
  for (const [{ type, data, at }, time] of events) {
    await temp.store.append(stream, [
      {
        id: randomUUID(),
        type,
        data: { ...data, [at]: instant(time) },
        metadata: {
          correlation_id: randomUUID(),
          causation_id: null,
          user_id: 1,
          occurred_at: instant(time),
          schema_version: 1,
        },
      },
    ]);
  }
}

const upTo = (time: string, options?: { max?: number; pageSize?: number }) =>
  eventsAsOf(temp.store, stream, Date.parse(instant(time)), options);

describe('the events of a stream up to a moment', () => {
  it('a stream with no events folds to nothing: exists false, no revision', async () => {
    expect(await upTo('12:00:00')).toEqual([]);
    expect(asOf('task', stream, instant('12:00:00'), [])).toEqual({
      stream,
      kind: 'task',
      at: instant('12:00:00'),
      revision: null,
      events_folded: 0,
      exists: false,
      state: null,
    });
  });

  it('stops at the first event after the moment, even when a later one occurred earlier (a clock stepped back)', async () => {
    await append([created, '10:00:00'], [assigned(2), '10:10:00'], [started, '10:30:00'], [assigned(3, 2), '10:20:00']);
    const folded = await upTo('10:25:00');
    expect(folded.map((e) => e.revision)).toEqual([0, 1]);
    // A filter would have folded the reassignment to user 3 (10:20) without the start before it.
    expect(asOf('task', stream, instant('10:25:00'), folded)).toMatchObject({
      revision: 1,
      events_folded: 2,
      state: { status: 'open', assignee_id: 2 },
    });
    expect((await upTo('10:30:00')).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
  });

  it('reads page after page, in revision order', async () => {
    await append(
      [created, '10:00:00'],
      [assigned(2), '10:01:00'],
      [assigned(3, 2), '10:02:00'],
      [assigned(4, 3), '10:03:00'],
      [assigned(5, 4), '10:04:00'],
    );
    expect((await upTo('11:00:00', { pageSize: 2 })).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    expect((await upTo('10:02:00', { pageSize: 2 })).map((e) => e.revision)).toEqual([0, 1, 2]);
    const folded = await upTo('10:03:30', { pageSize: 2 });
    expect(asOf('task', stream, instant('10:03:30'), folded).state).toMatchObject({ assignee_id: 4 });
  });
});

describe('the bound', () => {
  beforeEach(async () => {
    await append([created, '10:00:00'], [assigned(2), '10:01:00'], [assigned(3, 2), '10:02:00']);
  });

  it('folds up to `max` events', async () => {
    for (const pageSize of [1, 2, 200])
      expect(
        (await upTo('11:00:00', { max: 3, pageSize })).map((e) => e.revision),
        `pages of ${pageSize}`,
      ).toEqual([0, 1, 2]);
  });

  it('past it, a 409 that names the bound, never a shorter fold', async () => {
    await append([assigned(4, 3), '10:03:00']);
    // The fourth event occurred after the moment: three are folded, within the bound.
    expect(await upTo('10:02:59', { max: 3 })).toHaveLength(3);
    for (const pageSize of [1, 2, 200]) {
      const refused = await upTo('10:03:00', { max: 3, pageSize }).catch((error: unknown) => error);
      expect(refused, `pages of ${pageSize}`).toBeInstanceOf(Problem);
      expect(refused).toMatchObject({ status: 409, kind: 'conflict', extensions: { max_events: 3 } });
      expect((refused as Problem).detail).toMatch(/more than 3 events of atlas-task-.* occurred by then/);
    }
  });
});
