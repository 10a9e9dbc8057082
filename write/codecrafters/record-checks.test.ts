import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ActivityBatchInput, type ActivityRecordInput } from './record.js';
import { checkRecords } from './record-checks.js';

const now = new Date('2025-03-12T12:00:30Z');
const record = (overrides: Partial<ActivityRecordInput> = {}): ActivityRecordInput => ({
  id: randomUUID(),
  device_id: 'laptop',
  minute_start: '2025-03-12T11:59:00Z',
  tz_offset_minutes: 60,
  active_seconds: 30,
  keystrokes: 10,
  clicks: 2,
  scrolls: 1,
  mouse_distance_px: 500,
  ...overrides,
});

describe('ActivityBatchInput', () => {
  it('accepts a well-formed record, with or without a task', () => {
    expect(
      ActivityBatchInput.safeParse({
        records: [record(), record({ task_id: randomUUID() }), record({ task_id: null })],
      }).success,
    ).toBe(true);
  });

  it('refuses minutes off the minute, out-of-range values, unknown fields and oversize batches', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ minute_start: '2025-03-12T11:59:30Z' }, 'minute_start'],
      [{ minute_start: '2025-03-12T11:59:00.500Z' }, 'minute_start'],
      [{ minute_start: '2025-03-12T12:59:00+01:00' }, 'minute_start'],
      [{ active_seconds: 61 }, 'active_seconds'],
      [{ active_seconds: -1 }, 'active_seconds'],
      [{ keystrokes: 1.5 }, 'keystrokes'],
      [{ clicks: 6_001 }, 'clicks'],
      [{ tz_offset_minutes: 841 }, 'tz_offset_minutes'],
      [{ device_id: '' }, 'device_id'],
      [{ device_id: 'x'.repeat(101) }, 'device_id'],
      [{ id: 'not-a-uuid' }, 'id'],
      [{ app_name: 'secret.docx' }, ''],
    ];
    for (const [overrides, field] of cases) {
      const parsed = ActivityBatchInput.safeParse({ records: [record(), { ...record(), ...overrides }] });
      expect(parsed.success, JSON.stringify(overrides)).toBe(false);
      const issue = parsed.error!.issues[0]!;
      expect(issue.path.slice(0, 2)).toEqual(['records', 1]);
      if (field) expect(issue.path[2]).toBe(field);
    }
    expect(ActivityBatchInput.safeParse({ records: Array.from({ length: 1_441 }, () => record()) }).success).toBe(
      false,
    );
    expect(ActivityBatchInput.safeParse({ records: Array.from({ length: 1_440 }, () => record()) }).success).toBe(true);
    expect(ActivityBatchInput.safeParse({ records: [] }).success).toBe(false);
  });
});

describe('checkRecords', () => {
  const visible = randomUUID();
  const taskVisible = (id: string) => id === visible;

  it('passes records inside the window whose tasks are visible', () => {
    expect(
      checkRecords(
        [record(), record({ task_id: visible }), record({ minute_start: '2025-03-12T12:02:00Z' })],
        now,
        taskVisible,
      ),
    ).toEqual([]);
  });

  it('names every refused field: too old, too far ahead, repeated id, invisible task', () => {
    const repeated = record();
    const issues = checkRecords(
      [
        record(),
        record({ minute_start: '2025-02-10T11:59:00Z' }),
        record({ minute_start: '2025-03-12T12:03:00Z' }),
        repeated,
        { ...repeated },
        record({ task_id: randomUUID() }),
      ],
      now,
      taskVisible,
    );
    expect(issues.map((i) => i.pointer)).toEqual([
      '/records/1/minute_start',
      '/records/2/minute_start',
      '/records/4/id',
      '/records/5/task_id',
    ]);
    expect(issues[2]!.message).toMatch(/record 3/);
  });
});
