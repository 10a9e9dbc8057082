/**
 * The record that leaves the machine: the server's own contract (`ActivityRecordInput`) accepts
 * it, the counts are capped, and it has exactly the documented fields (the privacy contract).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORD_CAPS } from '../../write/codecrafters/events.js';
import { ActivityRecordInput } from '../../write/codecrafters/record.js';
import type { ClosedMinute } from './minute-tally.js';
import { RECORD_FIELDS, recordOf } from './record.js';

const ID = '3d1f7c2a-9b8e-4f6d-a5c4-b3a2918f7e6d';
const TASK = '0b9a4a52-4c3e-4d5e-9f1a-2b3c4d5e6f70';
const FIELDS = [...RECORD_FIELDS].sort();

const minute = (over: Partial<ClosedMinute> = {}): ClosedMinute => ({
  minute_start: Date.parse('2026-05-04T09:41:00Z'),
  active_seconds: 42,
  keystrokes: 120,
  clicks: 7,
  scrolls: 3,
  mouse_distance_px: 4_321,
  task_id: TASK,
  ...over,
});

/** The record as it goes on the wire. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

const originalTz = process.env.TZ;
const withTz = (tz: string) => {
  process.env.TZ = tz;
};
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('recordOf', () => {
  it('maps a closed minute to the record, with the id given', () => {
    withTz('UTC');
    expect(wire(recordOf(minute(), 'laptop', ID))).toEqual({
      id: ID,
      device_id: 'laptop',
      minute_start: '2026-05-04T09:41:00.000Z',
      tz_offset_minutes: 0,
      active_seconds: 42,
      keystrokes: 120,
      clicks: 7,
      scrolls: 3,
      mouse_distance_px: 4_321,
      task_id: TASK,
    });
  });

  it('makes a new UUID for each record when no id is given', () => {
    const a = recordOf(minute(), 'laptop');
    const b = recordOf(minute(), 'laptop');
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
  });

  it('caps every count at RECORD_CAPS and the active seconds at 60', () => {
    const r = recordOf(
      minute({
        active_seconds: 75,
        keystrokes: RECORD_CAPS.keystrokes + 1,
        clicks: 10 * RECORD_CAPS.clicks,
        scrolls: RECORD_CAPS.scrolls + 5,
        mouse_distance_px: RECORD_CAPS.mouse_distance_px * 3,
      }),
      'laptop',
      ID,
    );
    expect(r).toMatchObject({ active_seconds: 60, ...RECORD_CAPS });
    expect(ActivityRecordInput.safeParse(r).success).toBe(true);
    const atCaps = recordOf(minute({ active_seconds: 60, ...RECORD_CAPS }), 'laptop', ID);
    expect(atCaps).toMatchObject({ active_seconds: 60, ...RECORD_CAPS });
  });

  it('writes minute_start as an ISO UTC instant on a whole minute', () => {
    const r = recordOf(minute({ minute_start: Date.parse('2026-12-31T23:59:00Z') }), 'laptop', ID);
    expect(r.minute_start).toBe('2026-12-31T23:59:00.000Z');
    expect(Date.parse(r.minute_start) % 60_000).toBe(0);
  });

  it("gives the machine's UTC offset at that minute, in minutes east of UTC", () => {
    withTz('Asia/Kathmandu');
    expect(recordOf(minute(), 'laptop', ID).tz_offset_minutes).toBe(345);
    withTz('America/New_York');
    expect(recordOf(minute({ minute_start: Date.parse('2026-01-15T12:00:00Z') }), 'l', ID).tz_offset_minutes).toBe(
      -300,
    );
    expect(recordOf(minute({ minute_start: Date.parse('2026-07-15T12:00:00Z') }), 'l', ID).tz_offset_minutes).toBe(
      -240,
    );
    // The minute before and the minute of the change (2026-03-08 07:00 UTC).
    expect(recordOf(minute({ minute_start: Date.parse('2026-03-08T06:59:00Z') }), 'l', ID).tz_offset_minutes).toBe(
      -300,
    );
    expect(recordOf(minute({ minute_start: Date.parse('2026-03-08T07:00:00Z') }), 'l', ID).tz_offset_minutes).toBe(
      -240,
    );
    withTz('UTC');
    expect(wire(recordOf(minute(), 'laptop', ID)).tz_offset_minutes).toBe(0);
  });

  it('keeps a null task', () => {
    const r = recordOf(minute({ task_id: null }), 'laptop', ID);
    expect(r.task_id).toBeNull();
    expect(ActivityRecordInput.safeParse(r).success).toBe(true);
  });

  it('has exactly the documented fields, whatever else the minute carries (the privacy contract)', () => {
    const carrying = {
      ...minute(),
      window_title: 'secret.txt — Editor',
      keys: ['p', 'a', 's', 's'],
      x: 100,
      y: 200,
    } as ClosedMinute;
    const r = recordOf(carrying, 'laptop', ID);
    expect(Object.keys(r).sort()).toEqual(FIELDS);
    expect(Object.keys(wire(r)).sort()).toEqual(FIELDS);
  });

  it('passes the server contract (ActivityRecordInput) for any closed minute, with exactly the documented fields', () => {
    const start = Date.parse('2020-01-01T00:00:00Z') / 60_000;
    const end = Date.parse('2040-01-01T00:00:00Z') / 60_000;
    fc.assert(
      fc.property(
        fc.record({
          minute_start: fc.integer({ min: start, max: end }).map((m) => m * 60_000),
          active_seconds: fc.integer({ min: 0, max: 60 }),
          keystrokes: fc.integer({ min: 0, max: 3 * RECORD_CAPS.keystrokes }),
          clicks: fc.integer({ min: 0, max: 3 * RECORD_CAPS.clicks }),
          scrolls: fc.integer({ min: 0, max: 3 * RECORD_CAPS.scrolls }),
          mouse_distance_px: fc.integer({ min: 0, max: 3 * RECORD_CAPS.mouse_distance_px }),
          task_id: fc.option(fc.uuid({ version: 4 }), { nil: null }),
        }),
        fc.constantFrom('UTC', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && /^[\w .-]+$/.test(s)),
        (closed, tz, device) => {
          withTz(tz);
          const r = wire(recordOf(closed, device));
          const parsed = ActivityRecordInput.safeParse(r);
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
          expect(Object.keys(r).sort()).toEqual(FIELDS);
          expect(Date.parse(r.minute_start as string)).toBe(closed.minute_start);
        },
      ),
    );
  });
});
