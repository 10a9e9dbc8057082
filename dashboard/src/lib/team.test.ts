import { describe, expect, it } from 'vitest';
import { activeMembers, averageSentence, inactiveMembers, memberSeries } from './team.js';

const members = [
  { user_id: 1, username: 'alice', role: 'owner', active_days: 2 },
  { user_id: 2, username: 'bob', role: 'member', active_days: 1 },
  { user_id: 3, username: 'carol', role: 'member', active_days: 0 },
];

describe('the team figures', () => {
  it('reads who had no activity from the team answer', () => {
    expect(inactiveMembers(members).map((m) => m.username)).toEqual(['carol']);
    expect(activeMembers(members).map((m) => m.username)).toEqual(['alice', 'bob']);
  });

  it("lays each active member's hours on the range's dates, as their answer says them", () => {
    const dates = ['2026-11-23', '2026-11-24'];
    const series = memberSeries(dates, members, [
      {
        user_id: 2,
        days: [
          { date: '2026-11-23', productive_hours: 5.5 },
          { date: '2026-11-24', productive_hours: 0 },
        ],
      },
      {
        user_id: 1,
        days: [
          { date: '2026-11-23', productive_hours: 6 },
          { date: '2026-11-24', productive_hours: 7 },
        ],
      },
    ]);
    expect(series).toEqual([
      { user_id: 1, name: 'alice', hours: [6, 7] },
      { user_id: 2, name: 'bob', hours: [5.5, 0] },
    ]);
  });

  it('leaves a gap where a member has no answer', () => {
    expect(memberSeries(['2026-11-23'], members, [])).toEqual([
      { user_id: 1, name: 'alice', hours: [null] },
      { user_id: 2, name: 'bob', hours: [null] },
    ]);
  });

  it("says the average with the API's figure, unrounded again", () => {
    expect(averageSentence(6.5)).toBe('The team averaged 6.5 productive hours/day');
    expect(averageSentence(6.17)).toBe('The team averaged 6.17 productive hours/day');
    expect(averageSentence(0)).toBe('The team averaged 0 productive hours/day');
  });
});
