/** The formulas of the lab analytics. */
import { describe, expect, it } from 'vitest';
import { expertiseDistribution, median, projectFigures, taskFigures, weekActivity } from './figures.js';
import { isoWeekOf } from './week.js';

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, or null', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 4])).toBe(4);
    expect(median([4, 1, 9, 2])).toBe(3);
  });
});

describe('expertiseDistribution', () => {
  it('counts researchers per domain, most named first', () => {
    expect(
      expertiseDistribution([
        { expertise_domains: ['NLP', 'Vision'] },
        { expertise_domains: ['Vision'] },
        { expertise_domains: [] },
        { expertise_domains: ['Robotics', 'Vision', 'NLP'] },
      ]),
    ).toEqual({ Vision: 3, NLP: 2, Robotics: 1 });
    expect(Object.keys(expertiseDistribution([{ expertise_domains: ['b', 'a'] }]))).toEqual(['a', 'b']);
  });

  it('counts a domain once whatever its case, under the name first written', () => {
    expect(expertiseDistribution([{ expertise_domains: ['NLP'] }, { expertise_domains: ['nlp', 'Vision'] }])).toEqual({
      NLP: 2,
      Vision: 1,
    });
  });
});

describe('projectFigures', () => {
  it('counts projects, active and archived', () => {
    expect(projectFigures([{ archived: false }, { archived: true }, { archived: false }])).toEqual({
      total: 3,
      active: 2,
      archived: 1,
    });
  });
});

describe('taskFigures', () => {
  const task = (
    status: 'open' | 'started' | 'completed',
    created_at: string,
    started_at: string | null,
    completed_at: string | null,
  ) => ({
    status,
    created_at,
    started_at,
    completed_at,
  });

  it('has no rate and no cycle time without tasks', () => {
    expect(taskFigures([])).toEqual({
      total: 0,
      open: 0,
      started: 0,
      completed: 0,
      completion_rate: null,
      median_cycle_time_hours: null,
    });
  });

  it('counts by status; rate = completed / total; median cycle time from start (else creation) to completion', () => {
    const figures = taskFigures([
      task('open', '2026-03-02T09:00:00Z', null, null),
      task('started', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', null),
      task('completed', '2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', '2026-03-02T11:00:00Z'), // 2 h
      task('completed', '2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z', '2026-03-02T15:00:00Z'), // 6 h
      task('completed', '2026-03-02T09:00:00Z', null, '2026-03-02T10:30:00Z'), // 1.5 h from creation
    ]);
    expect(figures).toEqual({
      total: 5,
      open: 1,
      started: 1,
      completed: 3,
      completion_rate: 0.6,
      median_cycle_time_hours: 2,
    });
  });

  it('rounds the median cycle time to the hundredth of an hour', () => {
    const figures = taskFigures([
      task('completed', '2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z', '2026-03-02T09:20:00Z'),
    ]); // 1/3 h
    expect(figures.median_cycle_time_hours).toBe(0.33);
  });
});

describe('weekActivity', () => {
  it('sums the days of the week and shows every day', () => {
    const week = isoWeekOf(new Date('2026-03-04T12:00:00Z'), 'UTC');
    const activity = weekActivity(week, 'UTC', [
      { date: '2026-03-02', active_seconds: 3600, active_members: 2 },
      { date: '2026-03-04', active_seconds: 5400, active_members: 1 },
    ]);
    expect(activity).toMatchObject({
      week_start: '2026-03-02',
      week_end: '2026-03-08',
      timezone: 'UTC',
      active_seconds: 9000,
      active_hours: 2.5,
      member_days: 3,
    });
    expect(activity.days).toHaveLength(7);
    expect(activity.days[1]).toEqual({ date: '2026-03-03', active_seconds: 0, active_members: 0 });
  });
});
