import { describe, expect, it } from 'vitest';
import {
  addDays,
  datesFrom,
  DATE_RULE,
  daysBetween,
  isReportDate,
  lastDays,
  mondayOf,
  presetOf,
  presetRange,
  rangeFromQuery,
  resolveRange,
  touchesRange,
} from './ranges.js';
import { localDate } from './zoned.js';

/** Today in `zone` at the instant `iso`, then the preset. */
const preset = (name: 'this-week' | 'last-week' | 'this-month', zone: string, iso: string) =>
  presetRange(name, localDate(zone, Date.parse(iso)));

describe('calendar arithmetic', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });

  it('counts both ends, and lists every date (a DST change adds or removes no day)', () => {
    expect(daysBetween('2026-03-09', '2026-03-09')).toBe(1);
    expect(daysBetween('2026-03-10', '2026-03-09')).toBe(0);
    expect(datesFrom('2026-03-06', '2026-03-10')).toEqual([
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(datesFrom('2026-03-28', '2026-03-30')).toHaveLength(3);
  });

  it('finds the Monday of an ISO week, across a year boundary', () => {
    expect(mondayOf('2026-03-15')).toBe('2026-03-09'); // a Sunday
    expect(mondayOf('2026-03-16')).toBe('2026-03-16'); // a Monday
    expect(mondayOf('2026-01-01')).toBe('2025-12-29'); // a Thursday
  });
});

describe('presets, with today in the zone', () => {
  it('this week runs from Monday to today; last week is the whole week before', () => {
    expect(preset('this-week', 'UTC', '2026-03-11T12:00:00Z')).toEqual({ from: '2026-03-09', to: '2026-03-11' });
    expect(preset('last-week', 'UTC', '2026-03-11T12:00:00Z')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
  });

  it('Sunday 23:59 is still last week and Monday 00:00 a new one, in a zone ahead of UTC (Kolkata)', () => {
    expect(preset('this-week', 'Asia/Kolkata', '2026-03-15T18:29:00Z')).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(preset('this-week', 'Asia/Kolkata', '2026-03-15T18:30:00Z')).toEqual({
      from: '2026-03-16',
      to: '2026-03-16',
    });
    expect(preset('last-week', 'Asia/Kolkata', '2026-03-15T18:30:00Z')).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    // … while UTC is still on Sunday
    expect(preset('this-week', 'UTC', '2026-03-15T18:30:00Z')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
  });

  it('and in a zone behind UTC (New York, EDT): Monday 00:00 is 04:00 UTC', () => {
    expect(preset('this-week', 'America/New_York', '2026-03-16T03:59:00Z')).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(preset('this-week', 'America/New_York', '2026-03-16T04:00:00Z')).toEqual({
      from: '2026-03-16',
      to: '2026-03-16',
    });
    // … while UTC is already on Monday
    expect(preset('this-week', 'UTC', '2026-03-16T03:59:00Z')).toEqual({ from: '2026-03-16', to: '2026-03-16' });
  });

  it('across a DST change: the week New York springs forward in, and the Monday after', () => {
    // Sunday 2026-03-08, 23:59 EDT (DST began at 02:00 that day) is 03:59 UTC on the 9th
    expect(preset('this-week', 'America/New_York', '2026-03-09T03:59:00Z')).toEqual({
      from: '2026-03-02',
      to: '2026-03-08',
    });
    expect(preset('this-week', 'America/New_York', '2026-03-09T04:00:00Z')).toEqual({
      from: '2026-03-09',
      to: '2026-03-09',
    });
    // Falling back: Monday 2026-11-02 00:00 EST is 05:00 UTC
    expect(preset('this-week', 'America/New_York', '2026-11-02T04:59:00Z')).toEqual({
      from: '2026-10-26',
      to: '2026-11-01',
    });
    expect(preset('this-week', 'America/New_York', '2026-11-02T05:00:00Z')).toEqual({
      from: '2026-11-02',
      to: '2026-11-02',
    });
    // Paris springs forward on Sunday 2026-03-29: its midnight is then 22:00 UTC, not 23:00
    expect(preset('this-week', 'Europe/Paris', '2026-03-29T21:59:00Z')).toEqual({
      from: '2026-03-23',
      to: '2026-03-29',
    });
    expect(preset('last-week', 'Europe/Paris', '2026-03-29T22:00:00Z')).toEqual({
      from: '2026-03-23',
      to: '2026-03-29',
    });
    expect(preset('this-week', 'Europe/Paris', '2026-03-29T22:00:00Z')).toEqual({
      from: '2026-03-30',
      to: '2026-03-30',
    });
  });

  it('this month ends today, and a month end flips in the zone first (Auckland, +13)', () => {
    expect(preset('this-month', 'Pacific/Auckland', '2026-01-31T10:59:00Z')).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(preset('this-month', 'Pacific/Auckland', '2026-01-31T11:00:00Z')).toEqual({
      from: '2026-02-01',
      to: '2026-02-01',
    });
    expect(preset('this-month', 'UTC', '2026-01-31T11:00:00Z')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(preset('this-month', 'America/Los_Angeles', '2026-03-01T07:59:00Z')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(preset('this-month', 'UTC', '2028-02-29T12:00:00Z')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('last week across the new year', () => {
    expect(presetRange('last-week', '2026-01-01')).toEqual({ from: '2025-12-22', to: '2025-12-28' });
  });

  it('names the preset a range is today, else custom (a Monday this week wins over nothing else)', () => {
    expect(presetOf({ from: '2026-03-09', to: '2026-03-11' }, '2026-03-11')).toBe('this-week');
    expect(presetOf({ from: '2026-03-02', to: '2026-03-08' }, '2026-03-11')).toBe('last-week');
    expect(presetOf({ from: '2026-03-01', to: '2026-03-11' }, '2026-03-11')).toBe('this-month');
    expect(presetOf({ from: '2026-03-09', to: '2026-03-15' }, '2026-03-11')).toBe('custom');
  });
});

describe('from and to, as the API resolves them', () => {
  it('defaults a missing end from the other: 7 days in all', () => {
    expect(resolveRange({ from: '2026-03-01' }, '2026-03-20')).toEqual({
      ok: true,
      range: { from: '2026-03-01', to: '2026-03-07' },
    });
    expect(resolveRange({ to: '2026-03-07' }, '2026-03-20')).toEqual({
      ok: true,
      range: { from: '2026-03-01', to: '2026-03-07' },
    });
    expect(resolveRange({}, '2026-03-20')).toEqual({ ok: true, range: { from: '2026-03-14', to: '2026-03-20' } });
  });

  it('refuses from after to (on from) and more than 366 days (on to), with the API words', () => {
    expect(resolveRange({ from: '2026-03-02', to: '2026-03-01' }, '2026-03-20')).toEqual({
      ok: false,
      errors: { from: 'must not be after `to`' },
    });
    expect(resolveRange({ from: '2025-01-01', to: '2026-01-01' }, '2026-03-20')).toEqual({
      ok: true,
      range: { from: '2025-01-01', to: '2026-01-01' },
    }); // 366 days
    expect(resolveRange({ from: '2025-01-01', to: '2026-01-02' }, '2026-03-20')).toEqual({
      ok: false,
      errors: { to: 'the range spans 367 days; at most 366' },
    });
  });

  it('takes real dates from 1970-01-01 to 9998-12-31 only, and names each bad end', () => {
    expect(isReportDate('2026-02-28')).toBe(true);
    expect(isReportDate('2026-02-29')).toBe(false);
    expect(isReportDate('2028-02-29')).toBe(true);
    expect(isReportDate('1969-12-31')).toBe(false);
    expect(isReportDate('1970-01-01')).toBe(true);
    expect(isReportDate('9998-12-31')).toBe(true);
    expect(isReportDate('9999-01-01')).toBe(false);
    expect(isReportDate('2026-3-1')).toBe(false);
    expect(resolveRange({ from: 'monday', to: '2026-13-01' }, '2026-03-20')).toEqual({
      ok: false,
      errors: { from: DATE_RULE, to: DATE_RULE },
    });
  });
});

describe('the range in the URL', () => {
  it('is this week without a query, and empty values count as absent', () => {
    expect(rangeFromQuery({}, '2026-03-11')).toEqual({ ok: true, range: { from: '2026-03-09', to: '2026-03-11' } });
    expect(rangeFromQuery({ from: '', to: '' }, '2026-03-11')).toEqual({
      ok: true,
      range: { from: '2026-03-09', to: '2026-03-11' },
    });
  });

  it('is what the query says, with the API defaults for a missing end', () => {
    expect(rangeFromQuery({ from: '2026-02-01', to: '2026-02-28' }, '2026-03-11')).toEqual({
      ok: true,
      range: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(rangeFromQuery({ from: '2026-02-01' }, '2026-03-11')).toEqual({
      ok: true,
      range: { from: '2026-02-01', to: '2026-02-07' },
    });
  });

  it('refuses a repeated parameter as the API would', () => {
    expect(rangeFromQuery({ from: ['2026-02-01', '2026-02-02'] }, '2026-03-11')).toEqual({
      ok: false,
      errors: { from: DATE_RULE },
    });
  });
});

describe('windows and notices', () => {
  it('keeps the last days of a long range', () => {
    expect(lastDays({ from: '2026-01-01', to: '2026-03-31' }, 31)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(lastDays({ from: '2026-03-09', to: '2026-03-11' }, 31)).toEqual({ from: '2026-03-09', to: '2026-03-11' });
  });

  it('lets a notice through when its dates are within 2 days of the range, or it has none', () => {
    const week = { from: '2026-03-09', to: '2026-03-15' };
    expect(touchesRange(undefined, week)).toBe(true);
    expect(touchesRange([], week)).toBe(true);
    expect(touchesRange(['2026-03-17'], week)).toBe(true);
    expect(touchesRange(['2026-03-07'], week)).toBe(true);
    expect(touchesRange(['2026-03-18', '2026-03-01'], week)).toBe(false);
  });
});
