import { describe, expect, it } from 'vitest';
import type { RatingComponent } from '../api/scoresquad.js';
import { feedbackCounted, personSeries, reviewsCounted, teamSeries } from './performance-figures.js';

const components = (review: number | null, reviews: number, feedback: number): RatingComponent[] => [
  { name: 'peer_score', value: null, weight: 0.15, effective_weight: 0, data: { feedback, mean_score: null } },
  { name: 'on_time_rate', value: 0.5, weight: 0.35, effective_weight: 0.6364, data: {} },
  { name: 'throughput', value: 0.3, weight: 0.2, effective_weight: 0.3636, data: {} },
  { name: 'review_score', value: review, weight: 0.3, effective_weight: 0, data: { reviews } },
];

describe("ScoreSquad's answers, folded", () => {
  it('counts reviews and feedback from the components, 0 for an unknown profile', () => {
    expect(reviewsCounted({ components: components(0.8, 2, 3) })).toBe(2);
    expect(feedbackCounted({ components: components(0.8, 2, 3) })).toBe(3);
    expect(reviewsCounted(undefined)).toBe(0);
    expect(feedbackCounted({ components: [] })).toBe(0);
  });

  it("puts one person's values and effective weights in the rating's order, null where there is no data", () => {
    expect(personSeries(components(null, 0, 0))).toEqual({
      categories: ['On-time rate', 'Throughput', 'Review score', 'Peer score'],
      series: [
        { name: 'Value (0 to 1)', data: [0.5, 0.3, null, null] },
        { name: 'Effective weight', data: [0.6364, 0.3636, 0, 0] },
      ],
    });
  });

  it('gives one series per component across the team', () => {
    const folded = teamSeries([
      { username: 'alice', components: components(0.8333, 1, 0) },
      { username: 'bob', components: [] },
    ]);
    expect(folded.categories).toEqual(['alice', 'bob']);
    expect(folded.series.map((s) => [s.name, s.data])).toEqual([
      ['On-time rate', [0.5, null]],
      ['Throughput', [0.3, null]],
      ['Review score', [0.8333, null]],
      ['Peer score', [null, null]],
    ]);
  });
});
