import { describe, expect, it } from 'vitest';
import { WEIGHTS, rate, round, type ComponentInput } from './rating.js';

const component = (name: ComponentInput['name'], value: number | null): ComponentInput => ({ name, value, data: {} });

describe('rate()', () => {
  it('is the weighted mean of every component, mapped onto 1..5', () => {
    // 0.35 × 0.5 + 0.20 × 0.3 + 0.30 × (5/6) + 0.15 × 0.5 = 0.175 + 0.06 + 0.25 + 0.075 = 0.56
    // 1 + 4 × 0.56 = 3.24
    const rating = rate([
      component('on_time_rate', 0.5),
      component('throughput', 0.3),
      component('review_score', 5 / 6),
      component('peer_score', 0.5),
    ]);
    expect(rating.overall).toBeCloseTo(0.56, 12);
    expect(rating.overall_rating).toBe(3.24);
    expect(rating.components.map((c) => [c.name, c.weight, c.effective_weight])).toEqual([
      ['on_time_rate', 0.35, 0.35 / 1],
      ['throughput', 0.2, 0.2 / 1],
      ['review_score', 0.3, 0.3 / 1],
      ['peer_score', 0.15, 0.15 / 1],
    ]);
  });

  it('renormalises the weights over the components that have data', () => {
    // weights with data: 0.35 + 0.30 = 0.65
    // (0.35 × 0.5 + 0.30 × 5/6) / 0.65 = 0.425 / 0.65 = 0.653846…; 1 + 4 × 0.653846… = 3.615384… → 3.62
    const rating = rate([
      component('on_time_rate', 0.5),
      component('throughput', null),
      component('review_score', 5 / 6),
      component('peer_score', null),
    ]);
    expect(rating.overall).toBeCloseTo(0.425 / 0.65, 12);
    expect(rating.overall_rating).toBe(3.62);
    const weights = Object.fromEntries(rating.components.map((c) => [c.name, c.effective_weight]));
    expect(weights.on_time_rate).toBeCloseTo(0.35 / 0.65, 12);
    expect(weights.review_score).toBeCloseTo(0.3 / 0.65, 12);
    expect(weights.throughput).toBe(0);
    expect(weights.peer_score).toBe(0);
  });

  it('one component alone decides the rating', () => {
    // peer feedback of 4/5 on average: (4 − 1) / 4 = 0.75 → 1 + 4 × 0.75 = 4
    expect(rate([component('on_time_rate', null), component('peer_score', 0.75)]).overall_rating).toBe(4);
  });

  it('is null when no component has data', () => {
    const rating = rate([
      component('on_time_rate', null),
      component('throughput', null),
      component('review_score', null),
      component('peer_score', null),
    ]);
    expect(rating.overall).toBeNull();
    expect(rating.overall_rating).toBeNull();
    expect(rating.components.every((c) => c.effective_weight === 0)).toBe(true);
  });

  it('spans exactly 1 to 5', () => {
    const all = (value: number) =>
      rate(
        ['on_time_rate', 'throughput', 'review_score', 'peer_score'].map((n) =>
          component(n as ComponentInput['name'], value),
        ),
      );
    expect(all(0).overall_rating).toBe(1);
    expect(all(1).overall_rating).toBe(5);
  });

  it('takes other weights', () => {
    // only reviews count: 0.6 → 3.4
    const weights = { on_time_rate: 0, throughput: 0, review_score: 1, peer_score: 0 };
    expect(rate([component('on_time_rate', 1), component('review_score', 0.6)], weights).overall_rating).toBe(3.4);
    expect(WEIGHTS.on_time_rate + WEIGHTS.throughput + WEIGHTS.review_score + WEIGHTS.peer_score).toBeCloseTo(1, 12);
  });

  it('refuses a value outside 0..1', () => {
    expect(() => rate([component('throughput', 1.2)])).toThrow(RangeError);
    expect(() => rate([component('throughput', Number.NaN)])).toThrow(RangeError);
  });
});

describe('round()', () => {
  it('rounds half away from zero despite binary noise', () => {
    expect(round(2.675, 2)).toBe(2.68);
    expect(round(1.005, 2)).toBe(1.01);
    expect(round(3.615384615, 2)).toBe(3.62);
    expect(round(2 / 3, 4)).toBe(0.6667);
    expect(round(4.125, 2)).toBe(4.13);
    expect(round(0.00001, 2)).toBe(0);
  });
});
