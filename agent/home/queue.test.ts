/**
 * The agent's queue on a real SQLite file: order, limit, one record per minute, the states a
 * minute goes through, totals, the key-value settings, the checkpoint's transaction, the file's
 * mode and the 35-day pruning of delivered minutes.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../api/codecrafters.js';
import { AgentQueue } from './queue.js';

const T0 = Date.parse('2026-05-04T09:00:00Z');
const DAY = 86_400_000;

const record = (minute: number, over: Partial<ActivityRecord> = {}): ActivityRecord => ({
  id: randomUUID(),
  device_id: 'laptop',
  minute_start: new Date(T0 + minute * 60_000).toISOString(),
  tz_offset_minutes: 120,
  active_seconds: 30 + minute,
  keystrokes: 10 * minute,
  clicks: minute,
  scrolls: 2 * minute,
  mouse_distance_px: 100 * minute,
  task_id: null,
  ...over,
});

let dir: string;
let home: string;
let queue: AgentQueue;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-agent-queue-'));
  home = path.join(dir, 'home');
  queue = AgentQueue.open(home);
});
afterEach(() => {
  queue.close();
  rmSync(dir, { recursive: true, force: true });
});

const minutesOf = (batch: { record: ActivityRecord }[]) => batch.map((q) => q.record.minute_start);

describe('AgentQueue: queue', () => {
  it('answers the queued minutes oldest first, at most the limit, the records as they were', () => {
    const records = [record(0), record(1), record(2), record(3), record(4)];
    expect(queue.enqueue(records.slice(0, 2))).toBe(2);
    expect(queue.enqueue(records.slice(2))).toBe(3);
    const batch = queue.nextBatch(3);
    expect(batch.map((q) => q.record)).toEqual(records.slice(0, 3));
    expect(batch.map((q) => q.seq)).toEqual([...batch.map((q) => q.seq)].sort((a, b) => a - b));
    expect(queue.nextBatch(100).map((q) => q.record)).toEqual(records);
    expect(queue.nextBatch(0)).toEqual([]);
    expect(queue.depth()).toBe(5);
  });

  it('keeps the first record of a minute and ignores a second one (another id, other counts)', () => {
    const first = record(0, { keystrokes: 5 });
    expect(queue.enqueue([first])).toBe(1);
    expect(queue.enqueue([record(0, { keystrokes: 999 })])).toBe(0);
    expect(queue.enqueue([{ ...first, keystrokes: 1 }])).toBe(0); // the same record again
    expect(queue.enqueue([record(1), record(1)])).toBe(1); // within one call too
    expect(queue.nextBatch(10).map((q) => q.record.keystrokes)).toEqual([5, 10]);
    expect(queue.holds(T0)).toBe(true);
    expect(queue.holds(T0 + 60_000)).toBe(true);
    expect(queue.holds(T0 + 120_000)).toBe(false);
  });

  it('keeps holding a minute once it is delivered or refused', () => {
    queue.enqueue([record(0), record(1)]);
    const [a, b] = queue.nextBatch(2);
    queue.markDelivered([a!.seq], T0);
    queue.markRefused([{ seq: b!.seq, problem: { code: 'x' } }], T0);
    expect(queue.enqueue([record(0), record(1)])).toBe(0);
    expect(queue.depth()).toBe(0);
  });

  it('marks minutes delivered: out of the queue, counted as delivered', () => {
    queue.enqueue([record(0), record(1), record(2)]);
    const batch = queue.nextBatch(10);
    queue.markAttempted(batch.map((q) => q.seq));
    queue.markDelivered([batch[0]!.seq, batch[2]!.seq], T0 + 5 * 60_000);
    expect(queue.depth()).toBe(1);
    expect(minutesOf(queue.nextBatch(10))).toEqual([record(1).minute_start]);
    expect(queue.totals('delivered').minutes).toBe(2);
  });

  it('marks minutes refused with the problem, newest first, and never sends them again', () => {
    queue.enqueue([record(0), record(1), record(2)]);
    const [a, b, c] = queue.nextBatch(10);
    queue.markRefused([{ seq: a!.seq, problem: { status: 400, errors: [{ pointer: '/body/records/0' }] } }], T0 + 1);
    queue.markRefused([{ seq: c!.seq, problem: 'minute taken' }], T0 + 2);
    expect(queue.refusedCount()).toBe(2);
    expect(queue.depth()).toBe(1);
    expect(queue.nextBatch(10).map((q) => q.seq)).toEqual([b!.seq]);
    expect(queue.refused()).toEqual([
      { seq: c!.seq, record: c!.record, problem: 'minute taken', refused_at: T0 + 2 },
      {
        seq: a!.seq,
        record: a!.record,
        problem: { status: 400, errors: [{ pointer: '/body/records/0' }] },
        refused_at: T0 + 1,
      },
    ]);
    expect(queue.refused(1).map((r) => r.seq)).toEqual([c!.seq]);
  });

  it('settles a minute once: a delivered one is not refused later, nor the other way round', () => {
    queue.enqueue([record(0), record(1)]);
    const [a, b] = queue.nextBatch(10);
    queue.markDelivered([a!.seq], T0);
    queue.markRefused([{ seq: a!.seq, problem: 'late' }], T0 + 1);
    queue.markRefused([{ seq: b!.seq, problem: 'no' }], T0);
    queue.markDelivered([b!.seq], T0 + 1);
    expect(queue.totals('delivered').minutes).toBe(1);
    expect(queue.refused().map((r) => [r.seq, r.problem])).toEqual([[b!.seq, 'no']]);
  });

  it('adds up what it holds, by state', () => {
    const records = [record(1), record(2), record(3), record(4)];
    queue.enqueue(records);
    const [r1, r2, r3] = queue.nextBatch(10);
    queue.markDelivered([r1!.seq, r2!.seq], T0);
    queue.markRefused([{ seq: r3!.seq, problem: null }], T0);
    expect(queue.totals('delivered')).toEqual({
      minutes: 2,
      active_seconds: 31 + 32,
      keystrokes: 10 + 20,
      clicks: 1 + 2,
      scrolls: 2 + 4,
      mouse_distance_px: 100 + 200,
    });
    expect(queue.totals('refused')).toMatchObject({ minutes: 1, keystrokes: 30 });
    expect(queue.totals('queued')).toMatchObject({ minutes: 1, active_seconds: 34, mouse_distance_px: 400 });
  });

  it('keeps everything across a close and a reopen', () => {
    queue.enqueue([record(0), record(1)], { key: 'checkpoint', value: { at: 1 } });
    queue.markDelivered([queue.nextBatch(1)[0]!.seq], T0);
    queue.close();
    queue = AgentQueue.open(home);
    expect(queue.depth()).toBe(1);
    expect(queue.totals('delivered').minutes).toBe(1);
    expect(queue.get('checkpoint')).toEqual({ at: 1 });
  });

  it('works in memory for a dry run', () => {
    const memory = AgentQueue.open(':memory:');
    memory.enqueue([record(0)]);
    expect(memory.depth()).toBe(1);
    memory.close();
  });
});

describe('AgentQueue: settings and checkpoint', () => {
  it('gets, sets, overwrites and deletes JSON values', () => {
    expect(queue.get('profile')).toBeUndefined();
    queue.set('profile', { tracking_enabled: true, hours: ['09:00', '17:00'] });
    expect(queue.get('profile')).toEqual({ tracking_enabled: true, hours: ['09:00', '17:00'] });
    queue.set('profile', null);
    expect(queue.get('profile')).toBeNull();
    queue.set('n', 0);
    queue.set('s', '');
    expect([queue.get('n'), queue.get('s')]).toEqual([0, '']);
    queue.delete('profile');
    expect(queue.get('profile')).toBeUndefined();
    queue.delete('never-set');
  });

  it('writes the checkpoint with the minutes it follows', () => {
    expect(queue.enqueue([record(0)], { key: 'checkpoint', value: { minute_start: T0 + 60_000 } })).toBe(1);
    expect(queue.get('checkpoint')).toEqual({ minute_start: T0 + 60_000 });
    expect(queue.enqueue([], { key: 'checkpoint', value: { minute_start: T0 + 120_000 } })).toBe(0);
    expect(queue.get('checkpoint')).toEqual({ minute_start: T0 + 120_000 });
  });

  it('stores neither the minutes nor the checkpoint when the checkpoint cannot be written', () => {
    queue.set('checkpoint', 'before');
    expect(() => queue.enqueue([record(0), record(1)], { key: 'checkpoint', value: { big: 1n } })).toThrow();
    expect(queue.depth()).toBe(0);
    expect(queue.holds(T0)).toBe(false);
    expect(queue.get('checkpoint')).toBe('before');
  });

  it('stores neither the minutes nor the checkpoint when a minute cannot be written', () => {
    queue.set('checkpoint', 'before');
    const broken = { ...record(1), keystrokes: 1n } as unknown as ActivityRecord;
    expect(() => queue.enqueue([record(0), broken], { key: 'checkpoint', value: 'after' })).toThrow();
    expect(queue.depth()).toBe(0);
    expect(queue.get('checkpoint')).toBe('before');
  });
});

describe('AgentQueue: file and pruning', () => {
  const modeOf = (file: string) => statSync(file).mode & 0o777;

  it('creates agent.db readable by the user alone, in a 0700 folder', () => {
    expect(modeOf(path.join(home, 'agent.db'))).toBe(0o600);
    expect(modeOf(home)).toBe(0o700);
  });

  it('keeps its WAL and shared-memory files (which hold the same minutes) readable by the user alone', () => {
    queue.enqueue([record(0)]);
    for (const name of ['agent.db-wal', 'agent.db-shm']) {
      const file = path.join(home, name);
      if (existsSync(file)) expect(modeOf(file), name).toBe(0o600);
    }
  });

  it('prunes delivered and refused minutes settled more than 35 days ago, and never a queued one', () => {
    const now = T0 + 100 * DAY;
    queue.enqueue([record(0), record(1), record(2), record(3), record(4), record(5)]);
    const [old, exactly, recent, refusedOld] = queue.nextBatch(10);
    queue.markDelivered([old!.seq], now - 36 * DAY);
    queue.markDelivered([exactly!.seq], now - 35 * DAY);
    queue.markDelivered([recent!.seq], now - 34 * DAY);
    queue.markRefused([{ seq: refusedOld!.seq, problem: 'x' }], now - 90 * DAY);
    expect(queue.prune(now)).toBe(2);
    expect(queue.totals('delivered').minutes).toBe(2);
    expect(queue.holds(Date.parse(old!.record.minute_start))).toBe(false);
    expect(queue.refusedCount()).toBe(0);
    expect(queue.depth()).toBe(2);
    expect(queue.prune(now)).toBe(0);
  });
});
