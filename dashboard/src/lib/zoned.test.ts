import { describe, expect, it } from 'vitest';
import { clockTime, localDate, offsetMinutes, startOfDay } from './zoned.js';

const at = (iso: string) => Date.parse(iso);

describe('an instant in a zone', () => {
  it('has the offset of the zone at that instant, DST included', () => {
    expect(offsetMinutes('UTC', at('2026-03-08T12:00:00Z'))).toBe(0);
    expect(offsetMinutes('Asia/Kolkata', at('2026-03-08T12:00:00Z'))).toBe(330);
    expect(offsetMinutes('Asia/Kathmandu', at('2026-03-08T12:00:00Z'))).toBe(345);
    // New York springs forward at 02:00 EST on 2026-03-08 (07:00 UTC)
    expect(offsetMinutes('America/New_York', at('2026-03-08T06:59:00Z'))).toBe(-300);
    expect(offsetMinutes('America/New_York', at('2026-03-08T07:00:00Z'))).toBe(-240);
  });

  it('falls on the local date: 18:29 UTC is Sunday in Kolkata, 18:30 is Monday', () => {
    expect(localDate('Asia/Kolkata', at('2026-03-15T18:29:59Z'))).toBe('2026-03-15');
    expect(localDate('Asia/Kolkata', at('2026-03-15T18:30:00Z'))).toBe('2026-03-16');
    expect(localDate('America/New_York', at('2026-03-16T03:59:59Z'))).toBe('2026-03-15');
    expect(localDate('America/New_York', at('2026-03-16T04:00:00Z'))).toBe('2026-03-16');
  });

  it('shows the wall clock of the zone', () => {
    expect(clockTime('Asia/Kolkata', at('2026-03-08T18:00:00Z'))).toBe('23:30');
    expect(clockTime('America/New_York', at('2026-03-08T07:00:00Z'))).toBe('03:00');
  });
});

describe('the first instant of a day', () => {
  it('is local midnight, before and after a DST change', () => {
    expect(new Date(startOfDay('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfDay('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(new Date(startOfDay('2026-03-09', 'Asia/Kolkata')).toISOString()).toBe('2026-03-08T18:30:00.000Z');
  });

  it('makes the spring-forward day 23 hours long and the fall-back day 25', () => {
    const hours = (from: string, to: string, zone: string) =>
      (startOfDay(to, zone) - startOfDay(from, zone)) / 3_600_000;
    expect(hours('2026-03-08', '2026-03-09', 'America/New_York')).toBe(23);
    expect(hours('2026-11-01', '2026-11-02', 'America/New_York')).toBe(25);
    expect(hours('2026-03-29', '2026-03-30', 'Europe/Paris')).toBe(23);
    expect(hours('2026-03-10', '2026-03-11', 'America/New_York')).toBe(24);
  });

  it('is when the day begins where DST skips midnight (Santiago, 2026-09-06 begins at 01:00)', () => {
    const start = startOfDay('2026-09-06', 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(clockTime('America/Santiago', start)).toBe('01:00');
    expect(localDate('America/Santiago', start - 1)).toBe('2026-09-05');
  });
});
