import { describe, expect, it } from 'vitest';
import { componentsOf, sumCounts, taskSummary, type PerformanceCounts } from './components.js';
import { rate } from './rating.js';

const NOW = new Date('2026-05-15T12:00:00.000Z');

const counts: PerformanceCounts = {
  tasks: {
    completed: 4,
    with_due_date: 3,
    on_time: 2,
    late: 1,
    without_due_date: 1,
    cycle_ms_total: 10 * 3_600_000,
    // February is outside the window March..May
    by_month: { '2026-02': 1, '2026-03': 1, '2026-05': 2 },
  },
  reviews: { count: 2, quality_total: 9, delivery_total: 8, collaboration_total: 9 },
  feedback: { count: 2, score_total: 7 },
};

describe('components of the stored counts', () => {
  it('computes each component from its counts', () => {
    const [onTime, throughput, review, peer] = componentsOf(counts, NOW);
    expect(onTime).toEqual({
      name: 'on_time_rate',
      value: 2 / 3,
      data: { with_due_date: 3, on_time: 2, late: 1, without_due_date: 1 },
    });
    expect(throughput).toEqual({
      name: 'throughput',
      value: 0.3,
      data: { completed_in_window: 3, target: 10, window_from: '2026-03', window_to: '2026-05', completed_all_time: 4 },
    });
    // (9 + 8 + 9) / 6 = 4.3333…; (4.3333… − 1) / 4 = 0.8333…
    expect(review!.value).toBeCloseTo(5 / 6, 12);
    expect(review!.data).toEqual({
      reviews: 2,
      mean_score: 4.3333,
      quality_mean: 4.5,
      delivery_mean: 4,
      collaboration_mean: 4.5,
    });
    // 7 / 2 = 3.5; (3.5 − 1) / 4 = 0.625
    expect(peer).toEqual({ name: 'peer_score', value: 0.625, data: { feedback: 2, mean_score: 3.5 } });
  });

  it('rates them as the formula says', () => {
    // 0.35 × 2/3 + 0.20 × 0.3 + 0.30 × 5/6 + 0.15 × 0.625 = 0.233333… + 0.06 + 0.25 + 0.09375 = 0.637083…
    // 1 + 4 × 0.637083… = 3.548333… → 3.55
    expect(rate(componentsOf(counts, NOW)).overall_rating).toBe(3.55);
  });

  it('throughput moves with the window', () => {
    const [, inJuly] = componentsOf(counts, new Date('2026-07-01T00:00:00.000Z'));
    expect(inJuly!.value).toBe(0.2); // May only
    const [, inAugust] = componentsOf(counts, new Date('2026-08-31T23:59:59.999Z'));
    expect(inAugust!.value).toBe(0); // tasks were completed, none recently: 0, not "no data"
    const busy = { ...counts, tasks: { ...counts.tasks, by_month: { '2026-05': 25 } } };
    expect(componentsOf(busy, NOW)[1]!.value).toBe(1);
  });

  it('has no data where nothing was counted', () => {
    const none = componentsOf({ tasks: {}, reviews: {}, feedback: {} }, NOW);
    expect(none.map((c) => c.value)).toEqual([null, null, null, null]);
    expect(rate(none).overall_rating).toBeNull();
  });

  it('sums several profiles field by field, months included', () => {
    const other: PerformanceCounts = {
      tasks: { completed: 1, late: 1, with_due_date: 1, by_month: { '2026-05': 1, '2026-04': 1 } },
      reviews: {},
      feedback: { count: 1, score_total: 5 },
    };
    expect(sumCounts([counts, other])).toEqual({
      tasks: {
        ...counts.tasks,
        completed: 5,
        late: 2,
        with_due_date: 4,
        by_month: { '2026-02': 1, '2026-03': 1, '2026-04': 1, '2026-05': 3 },
      },
      reviews: counts.reviews,
      feedback: { count: 3, score_total: 12 },
    });
  });

  it('summarises tasks with the mean cycle time', () => {
    expect(taskSummary(counts.tasks)).toEqual({
      completed: 4,
      with_due_date: 3,
      on_time: 2,
      late: 1,
      without_due_date: 1,
      mean_cycle_hours: 2.5,
    });
    expect(taskSummary({}).mean_cycle_hours).toBeNull();
  });
});
