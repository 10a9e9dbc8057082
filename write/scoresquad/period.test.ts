import { describe, expect, it } from 'vitest';
import { isAfterPeriod, monthsBefore, periodOf } from './period.js';

describe('periods', () => {
  it('is the calendar month of an instant in a time zone', () => {
    const at = new Date('2026-01-31T23:30:00.000Z');
    expect(periodOf(at)).toBe('2026-01');
    expect(periodOf(at, 'UTC')).toBe('2026-01');
    expect(periodOf(at, 'Europe/Paris')).toBe('2026-02');
    expect(periodOf(new Date('2026-03-01T03:00:00.000Z'), 'America/Los_Angeles')).toBe('2026-02');
  });

  it('orders as months do', () => {
    expect(isAfterPeriod('2026-10', '2026-09')).toBe(true);
    expect(isAfterPeriod('2026-09', '2026-10')).toBe(false);
    expect(isAfterPeriod('2027-01', '2026-12')).toBe(true);
    expect(isAfterPeriod('2026-05', '2026-05')).toBe(false);
  });

  it('counts months back across years', () => {
    expect(monthsBefore('2026-05', 0)).toBe('2026-05');
    expect(monthsBefore('2026-05', 2)).toBe('2026-03');
    expect(monthsBefore('2026-02', 2)).toBe('2025-12');
    expect(monthsBefore('2026-01', 13)).toBe('2024-12');
  });
});
