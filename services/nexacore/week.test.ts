/** "This week" is the ISO week (Monday..Sunday) in the organization's time zone. */
import { describe, expect, it } from 'vitest';
import { isoWeekOf, localDate } from './week.js';

describe('isoWeekOf', () => {
  it('runs Monday to Sunday', () => {
    // Wednesday 2026-03-04.
    expect(isoWeekOf(new Date('2026-03-04T12:00:00Z'), 'UTC')).toEqual({
      start: '2026-03-02',
      end: '2026-03-08',
      days: ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'],
    });
  });

  it('keeps Sunday in its week and starts a new one on Monday', () => {
    expect(isoWeekOf(new Date('2026-03-08T23:59:59Z'), 'UTC').start).toBe('2026-03-02');
    expect(isoWeekOf(new Date('2026-03-09T00:00:00Z'), 'UTC').start).toBe('2026-03-09');
  });

  it("cuts the week in the organization's time zone", () => {
    // Sunday 23:30 in UTC is already Monday morning in Tokyo, and still Sunday afternoon in Los Angeles.
    const instant = new Date('2026-03-08T23:30:00Z');
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2026-03-09');
    expect(isoWeekOf(instant, 'Asia/Tokyo').start).toBe('2026-03-09');
    expect(isoWeekOf(instant, 'America/Los_Angeles').start).toBe('2026-03-02');
  });

  it('crosses months, years and daylight saving changes', () => {
    expect(isoWeekOf(new Date('2026-01-01T12:00:00Z'), 'UTC')).toMatchObject({
      start: '2025-12-29',
      end: '2026-01-04',
    });
    // Europe/Berlin moves its clocks on Sunday 2026-03-29.
    expect(isoWeekOf(new Date('2026-03-29T22:30:00Z'), 'Europe/Berlin')).toMatchObject({
      start: '2026-03-30',
      end: '2026-04-05',
    });
  });
});
