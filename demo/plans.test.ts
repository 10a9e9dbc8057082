import { describe, expect, it } from 'vitest';
import type { Member } from './api/schemas.js';
import { castOf, MAX_MEMBERS, type Person } from './people.js';
import type { ProjectWork } from './projects.js';
import { monthsFrom, plannedFeedback, plannedReviews } from './reviews.js';
import { assigneeOf, leadOf, PROJECTS } from './work.js';

const NOW = Date.parse('2026-11-25T14:37:00Z');
const ORG = { id: '2b1f0c3e-5d4a-4b6c-8e7f-9a0b1c2d3e4f', timezone: 'Europe/Berlin' };

function team(size: number, joined_at = '2026-11-20T09:00:00.000Z') {
  const cast = castOf(size);
  const ids = new Map(cast.map((p, i) => [p.username, i + 1]));
  const userIdOf = (p: Person) => ids.get(p.username)!;
  const members: Member[] = cast.map((p) => ({ user_id: userIdOf(p), username: p.username, role: p.role, joined_at }));
  return { cast, userIdOf, members };
}

describe('the cast', () => {
  it('has one owner, two or three managers, members, and every rhythm, in different zones', () => {
    const cast = castOf(MAX_MEMBERS);
    expect(cast.length).toBe(20);
    expect(cast.filter((p) => p.role === 'owner').map((p) => p.username)).toEqual(['demo.olivia']);
    expect(cast.filter((p) => p.role === 'manager').length).toBe(3);
    expect(new Set(cast.map((p) => p.rhythm))).toEqual(
      new Set(['regular', 'early_bird', 'night_owl', 'part_timer', 'flexible', 'on_leave']),
    );
    expect(new Set(cast.map((p) => p.timezone)).size).toBeGreaterThan(12);
    expect(new Set(cast.map((p) => p.username)).size).toBe(20);
  });

  it('keeps an owner, a manager, a night owl and someone on leave in a small demo, and refuses sizes out of range', () => {
    expect(castOf(5).map((p) => [p.role, p.rhythm])).toEqual([
      ['owner', 'regular'],
      ['manager', 'early_bird'],
      ['member', 'night_owl'],
      ['member', 'on_leave'],
      ['member', 'part_timer'],
    ]);
    expect(() => castOf(2)).toThrow(RangeError);
    expect(() => castOf(21)).toThrow(RangeError);
  });
});

describe('the work', () => {
  it('has tasks in every state, with a lead and someone to do each', () => {
    const states = PROJECTS.flatMap((p) => p.tasks.map((t) => t.state));
    expect(new Set(states)).toEqual(new Set(['created', 'assigned', 'started', 'completed']));
    const cast = castOf(20);
    for (const project of PROJECTS) expect(leadOf(project, cast).role).toBe('manager');
    for (const [i, task] of PROJECTS.flatMap((p) => p.tasks).entries()) {
      const who = assigneeOf(task, i, cast);
      if (task.state === 'created') expect(who).toBeNull();
      else expect(who?.username).toBe(task.for);
    }
  });

  it('stands in for people missing from a small demo with someone who is not the owner', () => {
    const cast = castOf(3);
    for (const project of PROJECTS) expect(cast).toContain(leadOf(project, cast));
    const assigned = PROJECTS.flatMap((p) => p.tasks)
      .map((t, i) => assigneeOf(t, i, cast))
      .filter((p) => p !== null);
    expect(assigned.every((p) => cast.includes(p) && p.role !== 'owner')).toBe(true);
    expect(new Set(assigned).size).toBe(2);
  });
});

describe('reviews', () => {
  it('lists the months from the one someone joined to the current one', () => {
    expect(monthsFrom('2026-11', '2026-11')).toEqual(['2026-11']);
    expect(monthsFrom('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('the owner reviews the managers, the managers the members, for each month since they joined; no one themself', () => {
    const { cast, userIdOf, members } = team(20, '2026-09-15T09:00:00.000Z');
    const planned = plannedReviews({ seed: 's', cast, members, userIdOf, organization: ORG, now: NOW });
    expect(planned.length).toBe(19 * 3);
    expect(new Set(planned.map((p) => p.review.period))).toEqual(new Set(['2026-09', '2026-10', '2026-11']));
    for (const { reviewer, review } of planned) {
      const employee = cast.find((p) => userIdOf(p) === review.employee_id)!;
      expect(employee.role).not.toBe('owner');
      expect(reviewer).not.toBe(employee);
      expect(reviewer.role).toBe(employee.role === 'manager' ? 'owner' : 'manager');
      for (const score of Object.values(review.scores)) expect(score >= 1 && score <= 5).toBe(true);
    }
    expect(planned).toEqual(plannedReviews({ seed: 's', cast, members, userIdOf, organization: ORG, now: NOW }));
  });

  it("takes the months in the organization's zone: a member who joined on the 1st in Berlin joined in that month", () => {
    const { cast, userIdOf, members } = team(3, '2026-10-31T23:30:00.000Z'); // 00:30 on 1 November in Berlin
    const planned = plannedReviews({ seed: 's', cast, members, userIdOf, organization: ORG, now: NOW });
    expect(new Set(planned.map((p) => p.review.period))).toEqual(new Set(['2026-11']));
  });
});

describe('peer feedback', () => {
  it('each person scores two teammates, never themself, on a project the receiver works on', () => {
    const { cast, userIdOf } = team(6);
    const projects: ProjectWork[] = [
      { id: '3c2e1d0f-6a5b-4c7d-9e8f-0a1b2c3d4e5f', name: 'A', tasks: [] },
      {
        id: '4d3f2e1a-7b6c-4d8e-8f9a-1b2c3d4e5f6a',
        name: 'B',
        tasks: [
          { id: '5e4a3f2b-8c7d-4e9f-9a0b-2c3d4e5f6a7b', title: 't', status: 'started', assignee_id: 3, due_date: null },
        ],
      },
    ];
    const planned = plannedFeedback({ seed: 's', cast, userIdOf, projects, period: '2026-11' });
    expect(planned.length).toBe(12);
    for (const { giver, feedback } of planned) {
      expect(feedback.to_user_id).not.toBe(userIdOf(giver));
      if (feedback.to_user_id === 3) expect(feedback.project_id).toBe(projects[1]!.id);
      expect(feedback.score >= 1 && feedback.score <= 5).toBe(true);
    }
  });
});
