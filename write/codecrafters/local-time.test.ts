import { describe, expect, it } from 'vitest';
import { addDays, datesFrom, daysBetween, localDate, localTime, offsetMinutes } from './local-time.js';

const at = (iso: string) => Date.parse(iso);

describe('localTime', () => {
  it('cuts days in Asia/Kolkata (+05:30) at 18:30 UTC', () => {
    expect(localTime('Asia/Kolkata', at('2025-03-12T18:29:00Z'))).toEqual({ date: '2025-03-12', hour: 23 });
    expect(localTime('Asia/Kolkata', at('2025-03-12T18:30:00Z'))).toEqual({ date: '2025-03-13', hour: 0 });
  });

  it('cuts days in Asia/Kathmandu (+05:45) on a quarter hour', () => {
    expect(localTime('Asia/Kathmandu', at('2025-03-12T18:14:00Z'))).toEqual({ date: '2025-03-12', hour: 23 });
    expect(localTime('Asia/Kathmandu', at('2025-03-12T18:15:00Z'))).toEqual({ date: '2025-03-13', hour: 0 });
  });

  it('follows America/New_York into daylight saving time (2025-03-09, 02:00 → 03:00)', () => {
    // Before: EST, -5 h.
    expect(localTime('America/New_York', at('2025-03-09T04:59:00Z'))).toEqual({ date: '2025-03-08', hour: 23 });
    expect(localTime('America/New_York', at('2025-03-09T05:00:00Z'))).toEqual({ date: '2025-03-09', hour: 0 });
    expect(localTime('America/New_York', at('2025-03-09T06:59:00Z'))).toEqual({ date: '2025-03-09', hour: 1 });
    // The clocks jump: the next minute is 03:00 EDT, -4 h.
    expect(localTime('America/New_York', at('2025-03-09T07:00:00Z'))).toEqual({ date: '2025-03-09', hour: 3 });
    expect(offsetMinutes('America/New_York', at('2025-03-09T07:00:00Z'))).toBe(-240);
    // The next local midnight is at 04:00 UTC.
    expect(localTime('America/New_York', at('2025-03-10T03:59:00Z'))).toEqual({ date: '2025-03-09', hour: 23 });
    expect(localTime('America/New_York', at('2025-03-10T04:00:00Z'))).toEqual({ date: '2025-03-10', hour: 0 });
  });

  it('follows America/New_York out of daylight saving time (2025-11-02, 01:00 twice)', () => {
    expect(localTime('America/New_York', at('2025-11-02T05:30:00Z'))).toEqual({ date: '2025-11-02', hour: 1 });
    expect(localTime('America/New_York', at('2025-11-02T06:30:00Z'))).toEqual({ date: '2025-11-02', hour: 1 });
    expect(offsetMinutes('America/New_York', at('2025-11-02T06:30:00Z'))).toBe(-300);
    expect(localTime('America/New_York', at('2025-11-03T04:59:00Z'))).toEqual({ date: '2025-11-02', hour: 23 });
    expect(localTime('America/New_York', at('2025-11-03T05:00:00Z'))).toEqual({ date: '2025-11-03', hour: 0 });
  });

  it('is UTC for UTC', () => {
    expect(localTime('UTC', at('2025-03-12T23:59:00Z'))).toEqual({ date: '2025-03-12', hour: 23 });
    expect(localDate('UTC', new Date('2025-03-13T00:00:00Z'))).toBe('2025-03-13');
  });
});

describe('calendar dates', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('counts and lists the days of a range, both ends included', () => {
    expect(daysBetween('2025-03-01', '2025-03-01')).toBe(1);
    expect(daysBetween('2025-03-02', '2025-03-01')).toBe(0);
    expect(datesFrom('2025-02-27', '2025-03-02')).toEqual(['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02']);
  });
});
