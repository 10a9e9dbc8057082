import { describe, expect, it } from 'vitest';
import type { WeekActivity } from '../api/nexacore.js';
import { dayLabel, expertiseRows, hoursOf, rateText, weekRows } from './lab-figures.js';

describe("a lab's figures, folded", () => {
  it('keeps the order of the expertise distribution', () => {
    expect(expertiseRows({ NLP: 2, 'Computer Vision': 1, Optics: 1 })).toEqual([
      { domain: 'NLP', researchers: 2 },
      { domain: 'Computer Vision', researchers: 1 },
      { domain: 'Optics', researchers: 1 },
    ]);
  });

  it("rounds hours as NexaCore rounds the week's active_hours", () => {
    // docs/nexacore.md: 195 s → 0.05 h.
    expect(hoursOf(195)).toBe(0.05);
    expect(hoursOf(0)).toBe(0);
    expect(hoursOf(5400)).toBe(1.5);
    expect(hoursOf(3599)).toBe(1);
    expect(hoursOf(17)).toBe(0);
  });

  it('labels each day of an ISO week by its calendar date, whatever the zone', () => {
    const week: WeekActivity = {
      week_start: '2026-03-23',
      week_end: '2026-03-29',
      timezone: 'Europe/Paris',
      active_seconds: 7200,
      active_hours: 2,
      member_days: 2,
      days: ['23', '24', '25', '26', '27', '28', '29'].map((d, i) => ({
        date: `2026-03-${d}`,
        active_seconds: i === 6 ? 7200 : 0,
        active_members: i === 6 ? 2 : 0,
      })),
    };
    const rows = weekRows(week);
    expect(rows.map((r) => r.label)).toEqual([
      'Mon 23 Mar',
      'Tue 24 Mar',
      'Wed 25 Mar',
      'Thu 26 Mar',
      'Fri 27 Mar',
      'Sat 28 Mar',
      'Sun 29 Mar', // the day Paris moves to summer time is still one calendar day
    ]);
    expect(rows[6]).toMatchObject({ active_seconds: 7200, active_hours: 2, active_members: 2 });
    expect(dayLabel('2026-12-31')).toBe('Thu 31 Dec');
  });

  it('shows a completion rate as a percentage, none without tasks', () => {
    expect(rateText(1)).toBe('100%');
    expect(rateText(2 / 3)).toBe('66.7%');
    expect(rateText(0)).toBe('0%');
    expect(rateText(null)).toBe('—');
  });
});
