import { describe, expect, it } from 'vitest';
import type { RatingComponent } from '../api/scoresquad.js';
import { componentWords, ratingText } from './rating-words.js';

// The components of docs/scoresquad.md's worked example, step 1, as the API answers them.
const step1: RatingComponent[] = [
  {
    name: 'on_time_rate',
    value: 0.5,
    weight: 0.35,
    effective_weight: 0.6364,
    data: { with_due_date: 2, on_time: 1, late: 1, without_due_date: 1 },
  },
  {
    name: 'throughput',
    value: 0.3,
    weight: 0.2,
    effective_weight: 0.3636,
    data: { completed_in_window: 3, target: 10, window_from: '2026-03', window_to: '2026-05', completed_all_time: 3 },
  },
  {
    name: 'review_score',
    value: null,
    weight: 0.3,
    effective_weight: 0,
    data: { reviews: 0, mean_score: null, quality_mean: null, delivery_mean: null, collaboration_mean: null },
  },
  { name: 'peer_score', value: null, weight: 0.15, effective_weight: 0, data: { feedback: 0, mean_score: null } },
];

describe('the rating in words', () => {
  it("shows the API's figures as it gives them", () => {
    const [onTime, throughput] = step1.map(componentWords);
    expect(onTime).toMatchObject({ title: 'On-time rate', value: '0.5', weight: '0.35', effectiveWeight: '0.6364' });
    expect(onTime!.from).toBe(
      '1 of 2 tasks with a due date completed on time, 1 late; 1 without a due date (not counted).',
    );
    expect(throughput!.from).toBe('3 tasks completed in 2026-03 to 2026-05, target 10 (3 completed in all).');
    expect(ratingText(2.71)).toBe('2.71');
    expect(ratingText(4)).toBe('4');
    expect(ratingText(null)).toBe('—');
  });

  it('says why a component without data is left out', () => {
    const [, , review, peer] = step1.map(componentWords);
    expect(review).toMatchObject({ value: '—', effectiveWeight: '0' });
    expect(review!.from).toMatch(/Not reviewed yet/);
    expect(peer!.from).toMatch(/No peer feedback/);
    const noDue = componentWords({ ...step1[0]!, value: null, effective_weight: 0 });
    expect(noDue.from).toMatch(/No completed task had a due date/);
  });

  it('reads reviews and feedback as the API counts them', () => {
    const review = componentWords({
      name: 'review_score',
      value: 0.8333,
      weight: 0.3,
      effective_weight: 0.3,
      data: { reviews: 1, mean_score: 4.3333, quality_mean: 4, delivery_mean: 4, collaboration_mean: 5 },
    });
    expect(review.from).toBe('1 review, mean score 4.3333 (quality 4, delivery 4, collaboration 5).');
    expect(review.what).toMatch(/\(mean − 1\) ÷ 4/);
    const peer = componentWords({
      name: 'peer_score',
      value: 0.75,
      weight: 0.15,
      effective_weight: 0.15,
      data: { feedback: 2, mean_score: 4 },
    });
    expect(peer.from).toBe('2 pieces of feedback, mean score 4.');
  });
});
