/**
 * From the stored counts of a profile (or the sum of several) to the rating's components, at a
 * given instant. Only throughput depends on the instant: it counts the tasks completed in the
 * current and the two previous calendar months (UTC), against a target.
 */
import type { FeedbackCounts, ReviewCounts, TaskCounts } from '../../projections/scoresquad/models.js';
import { monthsBefore, periodOf } from '../../write/scoresquad/period.js';
import { fromFivePoint, round, type ComponentInput } from './rating.js';

/** Tasks completed in the window that make throughput 1. */
const THROUGHPUT_TARGET = 10;
/** The window: this many calendar months, ending with the current one. */
const THROUGHPUT_MONTHS = 3;

export interface PerformanceCounts {
  tasks: TaskCounts;
  reviews: ReviewCounts;
  feedback: FeedbackCounts;
}

const n = (value: number | undefined): number => value ?? 0;
const meanOf = (total: number, count: number): number | null => (count === 0 ? null : total / count);
const shown = (value: number | null, digits = 4): number | null => (value === null ? null : round(value, digits));

/** Adds up counts (a user's profiles in several organizations). */
export function sumCounts(all: readonly PerformanceCounts[]): PerformanceCounts {
  const add = <T extends object>(parts: readonly T[]): T => {
    const sum: Record<string, unknown> = {};
    for (const part of parts) {
      for (const [key, value] of Object.entries(part)) {
        if (typeof value === 'number') sum[key] = ((sum[key] as number | undefined) ?? 0) + value;
        else if (value && typeof value === 'object') sum[key] = add([(sum[key] ?? {}) as object, value as object]);
      }
    }
    return sum as T;
  };
  return {
    tasks: add(all.map((c) => c.tasks)),
    reviews: add(all.map((c) => c.reviews)),
    feedback: add(all.map((c) => c.feedback)),
  };
}

export function reviewMean(reviews: ReviewCounts): number | null {
  const total = n(reviews.quality_total) + n(reviews.delivery_total) + n(reviews.collaboration_total);
  return meanOf(total, 3 * n(reviews.count));
}

export function componentsOf(counts: PerformanceCounts, now: Date): ComponentInput[] {
  const { tasks, reviews, feedback } = counts;

  const due = n(tasks.with_due_date);
  const onTime: ComponentInput = {
    name: 'on_time_rate',
    value: due === 0 ? null : n(tasks.on_time) / due,
    data: {
      with_due_date: due,
      on_time: n(tasks.on_time),
      late: n(tasks.late),
      without_due_date: n(tasks.without_due_date),
    },
  };

  const windowTo = periodOf(now, 'UTC');
  const windowFrom = monthsBefore(windowTo, THROUGHPUT_MONTHS - 1);
  const inWindow = Object.entries(tasks.by_month ?? {})
    .filter(([month]) => month >= windowFrom && month <= windowTo)
    .reduce((sum, [, count]) => sum + count, 0);
  const throughput: ComponentInput = {
    name: 'throughput',
    value: n(tasks.completed) === 0 ? null : Math.min(1, inWindow / THROUGHPUT_TARGET),
    data: {
      completed_in_window: inWindow,
      target: THROUGHPUT_TARGET,
      window_from: windowFrom,
      window_to: windowTo,
      completed_all_time: n(tasks.completed),
    },
  };

  const reviewed = n(reviews.count);
  const mean = reviewMean(reviews);
  const review: ComponentInput = {
    name: 'review_score',
    value: mean === null ? null : fromFivePoint(mean),
    data: {
      reviews: reviewed,
      mean_score: shown(mean),
      quality_mean: shown(meanOf(n(reviews.quality_total), reviewed)),
      delivery_mean: shown(meanOf(n(reviews.delivery_total), reviewed)),
      collaboration_mean: shown(meanOf(n(reviews.collaboration_total), reviewed)),
    },
  };

  const peerMean = meanOf(n(feedback.score_total), n(feedback.count));
  const peer: ComponentInput = {
    name: 'peer_score',
    value: peerMean === null ? null : fromFivePoint(peerMean),
    data: { feedback: n(feedback.count), mean_score: shown(peerMean) },
  };

  return [onTime, throughput, review, peer];
}

/** The task summary shown beside the components (cycle time informs, it does not rate). */
export function taskSummary(tasks: TaskCounts) {
  const completed = n(tasks.completed);
  return {
    completed,
    with_due_date: n(tasks.with_due_date),
    on_time: n(tasks.on_time),
    late: n(tasks.late),
    without_due_date: n(tasks.without_due_date),
    mean_cycle_hours: completed === 0 ? null : round(n(tasks.cycle_ms_total) / completed / 3_600_000, 2),
  };
}
