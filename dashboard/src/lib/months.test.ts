import { describe, expect, it } from 'vitest';
import { periodOf as apiPeriodOf } from '../../../write/scoresquad/period.js';
import { periodOf, reviewPeriodProblem, reviewWindow } from './months.js';

describe('periodOf: the month of an instant in a zone', () => {
  it('cuts the month at midnight in the zone, not in UTC', () => {
    // 31 May 23:30Z is already June in Tokyo (UTC+9), still May in New York (UTC−4 in summer).
    const at = new Date('2026-05-31T23:30:00Z');
    expect(periodOf(at, 'UTC')).toBe('2026-05');
    expect(periodOf(at, 'Asia/Tokyo')).toBe('2026-06');
    expect(periodOf(at, 'America/New_York')).toBe('2026-05');
    // 1 March 04:59Z is still February in New York (UTC−5 in winter), March a minute later in UTC+0.
    expect(periodOf(new Date('2026-03-01T04:59:59Z'), 'America/New_York')).toBe('2026-02');
    expect(periodOf(new Date('2026-03-01T05:00:00Z'), 'America/New_York')).toBe('2026-03');
  });

  it('follows daylight saving time at the month end', () => {
    // Paris is UTC+2 from 29 March 2026: 31 March 22:00Z is 1 April 00:00 there.
    expect(periodOf(new Date('2026-03-31T21:59:59Z'), 'Europe/Paris')).toBe('2026-03');
    expect(periodOf(new Date('2026-03-31T22:00:00Z'), 'Europe/Paris')).toBe('2026-04');
    // Back to UTC+1 on 25 October: 31 October 23:00Z is 1 November 00:00 there.
    expect(periodOf(new Date('2026-10-31T22:59:59Z'), 'Europe/Paris')).toBe('2026-10');
    expect(periodOf(new Date('2026-10-31T23:00:00Z'), 'Europe/Paris')).toBe('2026-11');
  });

  it('crosses the year', () => {
    expect(periodOf(new Date('2026-12-31T15:00:00Z'), 'Asia/Tokyo')).toBe('2027-01');
    expect(periodOf(new Date('2027-01-01T00:30:00Z'), 'America/Los_Angeles')).toBe('2026-12');
  });

  it("agrees with the API's own rule around every month end of a year, in several zones", () => {
    const zones = ['UTC', 'Europe/Paris', 'Asia/Tokyo', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    for (let month = 0; month < 12; month++) {
      const end = Date.UTC(2026, month + 1, 1);
      for (let hours = -15; hours <= 15; hours += 0.25) {
        const at = new Date(end + hours * 3_600_000);
        for (const zone of zones) expect(periodOf(at, zone)).toBe(apiPeriodOf(at, zone));
      }
    }
  });
});

describe('the months a review may be for', () => {
  const now = new Date('2026-06-30T23:30:00Z'); // already July in Paris (UTC+2), June in UTC

  it('runs from the month the employee joined to this month, both in the organization zone', () => {
    expect(reviewWindow(now, 'Europe/Paris', '2026-02-28T23:30:00Z')).toEqual({
      earliest: '2026-03',
      latest: '2026-07',
      timezone: 'Europe/Paris',
    });
    expect(reviewWindow(now, 'UTC', '2026-02-28T23:30:00Z')).toEqual({
      earliest: '2026-02',
      latest: '2026-06',
      timezone: 'UTC',
    });
  });

  it('refuses a month that has not begun, and one before the employee joined', () => {
    const window = reviewWindow(now, 'Europe/Paris', '2026-02-28T23:30:00Z');
    expect(reviewPeriodProblem('2026-07', window)).toBeNull();
    expect(reviewPeriodProblem('2026-03', window)).toBeNull();
    expect(reviewPeriodProblem('2026-08', window)).toMatch(/2026-08 has not begun yet in Europe\/Paris/);
    expect(reviewPeriodProblem('2026-02', window)).toMatch(/joined in 2026-03/);
    // In UTC the same instant is still June, and February is the joining month.
    const utc = reviewWindow(now, 'UTC', '2026-02-28T23:30:00Z');
    expect(reviewPeriodProblem('2026-07', utc)).toMatch(/not begun/);
    expect(reviewPeriodProblem('2026-02', utc)).toBeNull();
  });

  it('takes only YYYY-MM with a month 01..12', () => {
    const window = reviewWindow(now, 'UTC', null);
    for (const bad of ['', '2026-13', '2026-00', '2026-6', '26-06', '2026-06-01']) {
      expect(reviewPeriodProblem(bad, window)).toBe('Give a month as YYYY-MM.');
    }
    expect(reviewPeriodProblem('1999-01', window)).toBeNull(); // no joining month known: no lower bound
  });
});
