import { describe, expect, it } from 'vitest';
import { localDate, RangeError, resolveRange } from './ranges.js';

const at = (iso: string) => new Date(iso);

describe('named ranges, in the organization zone', () => {
  it('this_week runs from Monday to today; last_week is the whole week before', () => {
    // Tuesday 2026-03-10 noon UTC
    expect(resolveRange({ from: 'this_week' }, 'UTC', at('2026-03-10T12:00:00Z'))).toEqual({
      from: '2026-03-09',
      to: '2026-03-10',
    });
    expect(resolveRange({ from: 'last_week' }, 'UTC', at('2026-03-10T12:00:00Z'))).toEqual({
      from: '2026-03-02',
      to: '2026-03-08',
    });
  });

  it('a Sunday belongs to the week that began the Monday before; a Monday starts a new one', () => {
    expect(resolveRange({ from: 'this_week' }, 'UTC', at('2026-03-15T23:00:00Z'))).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(resolveRange({ from: 'this_week' }, 'UTC', at('2026-03-16T00:00:00Z'))).toEqual({
      from: '2026-03-16',
      to: '2026-03-16',
    });
  });

  it('the zone decides the day: Sunday 20:00 UTC is already Monday in Kolkata, still Sunday in Los Angeles', () => {
    const now = at('2026-03-15T20:00:00Z');
    expect(resolveRange({ from: 'this_week' }, 'Asia/Kolkata', now)).toEqual({ from: '2026-03-16', to: '2026-03-16' });
    expect(resolveRange({ from: 'this_week' }, 'America/Los_Angeles', now)).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(resolveRange({ from: 'today' }, 'Pacific/Kiritimati', now)).toEqual({
      from: '2026-03-16',
      to: '2026-03-16',
    });
  });

  it('weeks and months across a year boundary', () => {
    // Thursday 2026-01-01: its week began Monday 2025-12-29
    expect(resolveRange({ from: 'this_week' }, 'UTC', at('2026-01-01T08:00:00Z'))).toEqual({
      from: '2025-12-29',
      to: '2026-01-01',
    });
    expect(resolveRange({ from: 'last_week' }, 'UTC', at('2026-01-01T08:00:00Z'))).toEqual({
      from: '2025-12-22',
      to: '2025-12-28',
    });
    expect(resolveRange({ from: 'last_month' }, 'UTC', at('2026-01-01T08:00:00Z'))).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
    // 23:30 UTC on 31 December is New Year's Day in Tokyo
    expect(resolveRange({ from: 'this_month' }, 'Asia/Tokyo', at('2025-12-31T23:30:00Z'))).toEqual({
      from: '2026-01-01',
      to: '2026-01-01',
    });
    expect(resolveRange({ from: 'this_month' }, 'UTC', at('2025-12-31T23:30:00Z'))).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
  });

  it('months of every length, February in leap and common years', () => {
    expect(resolveRange({ from: 'last_month' }, 'UTC', at('2024-03-05T00:00:00Z'))).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(resolveRange({ from: 'last_month' }, 'UTC', at('2026-03-31T00:00:00Z'))).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(resolveRange({ from: 'this_month' }, 'UTC', at('2026-04-30T10:00:00Z'))).toEqual({
      from: '2026-04-01',
      to: '2026-04-30',
    });
  });

  it('localDate follows daylight saving time (New York is UTC-4 in July, UTC-5 in January)', () => {
    expect(localDate('America/New_York', at('2026-07-01T03:30:00Z'))).toBe('2026-06-30');
    expect(localDate('America/New_York', at('2026-01-01T04:30:00Z'))).toBe('2025-12-31');
    expect(localDate('America/New_York', at('2026-01-01T05:30:00Z'))).toBe('2026-01-01');
  });
});

describe('dates', () => {
  it('pass through as given, or are left to the API default', () => {
    expect(resolveRange({ from: '2026-03-04', to: '2026-03-10' }, 'UTC', new Date())).toEqual({
      from: '2026-03-04',
      to: '2026-03-10',
    });
    expect(resolveRange({}, 'UTC', new Date())).toEqual({});
    expect(resolveRange({ to: '2026-03-10' }, 'UTC', new Date())).toEqual({ to: '2026-03-10' });
  });

  it('refuses what cannot be a range, saying what to do', () => {
    const now = new Date();
    expect(() => resolveRange({ from: '2026-02-30' }, 'UTC', now)).toThrow(RangeError);
    expect(() => resolveRange({ from: '2026-02-30' }, 'UTC', now)).toThrow(/YYYY-MM-DD/);
    expect(() => resolveRange({ from: '2026-03-10', to: '2026-03-01' }, 'UTC', now)).toThrow(/swap/);
    expect(() => resolveRange({ from: 'this_week', to: '2026-03-01' }, 'UTC', now)).toThrow(/leave `to` out/);
    expect(() => resolveRange({ from: 'next_week' }, 'UTC', now)).toThrow(RangeError);
  });
});
