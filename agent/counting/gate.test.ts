/**
 * Whether the agent records at a moment: pause, tracking, profile, and work hours read in the
 * profile's time zone, at the boundaries, past midnight, across daylight saving changes and on
 * a quarter-hour offset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gate, localMinuteOfDay, withinWorkHours, type Profile } from './gate.js';

const at = (iso: string) => Date.parse(iso);

const profile = (over: Partial<Profile> = {}): Profile => ({
  tracking_enabled: true,
  idle_threshold_minutes: 5,
  work_hours_start: '09:00',
  work_hours_end: '17:00',
  effective_timezone: 'UTC',
  ...over,
});

const recording = (now: number, p: Profile) => gate(now, null, p).recording;

describe('gate: pause, tracking, profile', () => {
  const noon = at('2026-05-04T12:00:00Z');

  it('records inside work hours with tracking on and no pause', () => {
    expect(gate(noon, null, profile())).toEqual({ recording: true });
  });

  it('does not record while paused until resume', () => {
    expect(gate(noon, { until: null }, profile())).toEqual({
      recording: false,
      reason: 'paused',
      detail: 'paused until `atlas-agent resume`',
    });
  });

  it('does not record during a timed pause, and records again from the moment it ends', () => {
    const until = noon + 30 * 60_000;
    expect(gate(noon, { until }, profile())).toEqual({
      recording: false,
      reason: 'paused',
      detail: 'paused until 2026-05-04T12:30:00.000Z',
    });
    expect(gate(until - 1, { until }, profile()).recording).toBe(false);
    expect(gate(until, { until }, profile())).toEqual({ recording: true });
    expect(gate(noon, { until: noon - 1 }, profile())).toEqual({ recording: true });
  });

  it('reports a pause before anything else', () => {
    expect(gate(noon, { until: null }, null)).toMatchObject({ reason: 'paused' });
    expect(gate(noon, { until: null }, profile({ tracking_enabled: false }))).toMatchObject({ reason: 'paused' });
    const night = at('2026-05-04T02:00:00Z');
    expect(gate(night, { until: night + 1 }, profile())).toMatchObject({ reason: 'paused' });
  });

  it('does not record without a profile', () => {
    expect(gate(noon, null, null)).toEqual({
      recording: false,
      reason: 'no_profile',
      detail: 'waiting for your productivity profile',
    });
    expect(gate(noon, { until: noon - 1 }, null)).toMatchObject({ reason: 'no_profile' });
  });

  it('does not record with tracking disabled, inside work hours or not', () => {
    const off = profile({ tracking_enabled: false });
    expect(gate(noon, null, off)).toEqual({
      recording: false,
      reason: 'tracking_disabled',
      detail: 'tracking is disabled in your productivity profile',
    });
    expect(gate(at('2026-05-04T02:00:00Z'), null, off)).toMatchObject({ reason: 'tracking_disabled' });
  });

  it('names the work hours and the zone when outside them', () => {
    expect(gate(at('2026-05-04T18:00:00Z'), null, profile({ effective_timezone: 'Europe/Berlin' }))).toEqual({
      recording: false,
      reason: 'outside_work_hours',
      detail: 'outside your work hours (09:00–17:00 Europe/Berlin)',
    });
  });
});

describe('work hours', () => {
  it('records from the first minute of the start to before the end', () => {
    const p = profile();
    expect(recording(at('2026-05-04T08:59:59.999Z'), p)).toBe(false);
    expect(recording(at('2026-05-04T09:00:00Z'), p)).toBe(true);
    expect(recording(at('2026-05-04T16:59:59.999Z'), p)).toBe(true);
    expect(recording(at('2026-05-04T17:00:00Z'), p)).toBe(false);
  });

  it('wraps a range past midnight (22:00–06:00)', () => {
    const p = profile({ work_hours_start: '22:00', work_hours_end: '06:00' });
    const cases: [string, boolean][] = [
      ['2026-05-04T21:59:00Z', false],
      ['2026-05-04T22:00:00Z', true],
      ['2026-05-04T23:59:59Z', true],
      ['2026-05-05T00:00:00Z', true],
      ['2026-05-05T05:59:59Z', true],
      ['2026-05-05T06:00:00Z', false],
      ['2026-05-05T12:00:00Z', false],
    ];
    for (const [iso, expected] of cases) expect(recording(at(iso), p), iso).toBe(expected);
  });

  it('wraps a range past midnight in a zone (Europe/Berlin, summer time)', () => {
    const p = profile({ work_hours_start: '22:00', work_hours_end: '06:00', effective_timezone: 'Europe/Berlin' });
    expect(recording(at('2026-07-01T19:59:00Z'), p)).toBe(false); // 21:59 CEST
    expect(recording(at('2026-07-01T20:00:00Z'), p)).toBe(true); // 22:00
    expect(recording(at('2026-07-02T03:59:00Z'), p)).toBe(true); // 05:59
    expect(recording(at('2026-07-02T04:00:00Z'), p)).toBe(false); // 06:00
  });

  it('follows Europe/Berlin into summer time (2026-03-29, 02:00 → 03:00)', () => {
    const p = profile({ effective_timezone: 'Europe/Berlin' });
    // The day before, CET (+1): 09:00 is 08:00 UTC.
    expect(recording(at('2026-03-28T07:59:00Z'), p)).toBe(false);
    expect(recording(at('2026-03-28T08:00:00Z'), p)).toBe(true);
    // The day of the change, CEST (+2) from 01:00 UTC: 09:00 is 07:00 UTC, 17:00 is 15:00 UTC.
    expect(recording(at('2026-03-29T06:59:00Z'), p)).toBe(false);
    expect(recording(at('2026-03-29T07:00:00Z'), p)).toBe(true);
    expect(recording(at('2026-03-29T14:59:00Z'), p)).toBe(true);
    expect(recording(at('2026-03-29T15:00:00Z'), p)).toBe(false);
    // The hour 02:00–03:00 does not exist that night.
    expect(localMinuteOfDay(at('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe(1 * 60 + 59);
    expect(localMinuteOfDay(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(3 * 60);
    const skipped = profile({
      work_hours_start: '02:00',
      work_hours_end: '03:00',
      effective_timezone: 'Europe/Berlin',
    });
    expect(recording(at('2026-03-29T00:59:00Z'), skipped)).toBe(false);
    expect(recording(at('2026-03-29T01:00:00Z'), skipped)).toBe(false);
  });

  it('follows Europe/Berlin out of summer time (2026-10-25, 02:00–03:00 twice)', () => {
    const p = profile({ effective_timezone: 'Europe/Berlin' });
    expect(recording(at('2026-10-24T06:59:00Z'), p)).toBe(false); // 08:59 CEST
    expect(recording(at('2026-10-24T07:00:00Z'), p)).toBe(true);
    expect(recording(at('2026-10-25T07:59:00Z'), p)).toBe(false); // 08:59 CET
    expect(recording(at('2026-10-25T08:00:00Z'), p)).toBe(true);
    expect(recording(at('2026-10-25T15:59:00Z'), p)).toBe(true);
    expect(recording(at('2026-10-25T16:00:00Z'), p)).toBe(false);
    const twice = profile({ work_hours_start: '02:00', work_hours_end: '03:00', effective_timezone: 'Europe/Berlin' });
    expect(recording(at('2026-10-24T23:59:00Z'), twice)).toBe(false); // 01:59 CEST
    expect(recording(at('2026-10-25T00:30:00Z'), twice)).toBe(true); // 02:30 CEST
    expect(recording(at('2026-10-25T01:30:00Z'), twice)).toBe(true); // 02:30 CET
    expect(recording(at('2026-10-25T02:00:00Z'), twice)).toBe(false); // 03:00 CET
  });

  it('follows America/New_York into daylight saving time (2026-03-08)', () => {
    const p = profile({ effective_timezone: 'America/New_York' });
    expect(recording(at('2026-03-07T13:59:00Z'), p)).toBe(false); // 08:59 EST
    expect(recording(at('2026-03-07T14:00:00Z'), p)).toBe(true); // 09:00 EST
    expect(recording(at('2026-03-08T12:59:00Z'), p)).toBe(false); // 08:59 EDT
    expect(recording(at('2026-03-08T13:00:00Z'), p)).toBe(true); // 09:00 EDT
    expect(recording(at('2026-03-08T20:59:00Z'), p)).toBe(true); // 16:59 EDT
    expect(recording(at('2026-03-08T21:00:00Z'), p)).toBe(false); // 17:00 EDT
    expect(localMinuteOfDay(at('2026-03-08T06:59:00Z'), 'America/New_York')).toBe(1 * 60 + 59);
    expect(localMinuteOfDay(at('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(3 * 60);
  });

  it('reads a quarter-hour offset (Asia/Kathmandu, +05:45)', () => {
    const p = profile({ effective_timezone: 'Asia/Kathmandu' });
    expect(recording(at('2026-05-04T03:14:59Z'), p)).toBe(false); // 08:59:59
    expect(recording(at('2026-05-04T03:15:00Z'), p)).toBe(true); // 09:00
    expect(recording(at('2026-05-04T11:14:00Z'), p)).toBe(true); // 16:59
    expect(recording(at('2026-05-04T11:15:00Z'), p)).toBe(false); // 17:00
    expect(localMinuteOfDay(at('2026-05-04T18:14:00Z'), 'Asia/Kathmandu')).toBe(23 * 60 + 59);
    expect(localMinuteOfDay(at('2026-05-04T18:15:00Z'), 'Asia/Kathmandu')).toBe(0);
  });

  it('reads the local day, not the UTC day, across a date boundary', () => {
    // 23:59 UTC on the 4th is 08:59 on the 5th in Tokyo (+9), 16:59 on the 4th in Los Angeles (-7).
    const tokyo = profile({ work_hours_start: '08:00', work_hours_end: '17:00', effective_timezone: 'Asia/Tokyo' });
    expect(recording(at('2026-05-04T22:59:00Z'), tokyo)).toBe(false); // 07:59 on the 5th
    expect(recording(at('2026-05-04T23:59:00Z'), tokyo)).toBe(true); // 08:59 on the 5th
    expect(recording(at('2026-05-05T00:00:00Z'), tokyo)).toBe(true);
    const la = profile({ effective_timezone: 'America/Los_Angeles' });
    expect(recording(at('2026-05-04T23:59:00Z'), la)).toBe(true); // 16:59
    expect(recording(at('2026-05-05T00:00:00Z'), la)).toBe(false); // 17:00
    expect(recording(at('2026-05-05T00:30:00Z'), la)).toBe(false);
  });

  it('reads local midnight as minute 0, not 24:00', () => {
    expect(localMinuteOfDay(at('2026-05-04T00:00:00Z'), 'UTC')).toBe(0);
    expect(localMinuteOfDay(at('2026-05-04T23:59:59Z'), 'UTC')).toBe(1_439);
    expect(localMinuteOfDay(at('2026-05-04T15:00:00Z'), 'Asia/Tokyo')).toBe(0);
  });

  it('matches the UTC minute of day for any range and moment in UTC', () => {
    const clock = fc.integer({ min: 0, max: 1_439 });
    fc.assert(
      fc.property(
        clock,
        clock,
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2060-01-01T00:00:00Z') }),
        (start, end, now) => {
          fc.pre(start !== end);
          const hhmm = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const minute = Math.floor((((now % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
          const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
          const p = profile({ work_hours_start: hhmm(start), work_hours_end: hhmm(end) });
          expect(withinWorkHours(now, p)).toBe(inside);
        },
      ),
    );
  });
});
