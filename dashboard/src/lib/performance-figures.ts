/**
 * ScoreSquad's answers, folded for charts and for knowing when a write has reached the read model.
 * Only the API's figures: nothing here computes a rating.
 */
import type { ComponentName, PerformanceProfile, RatingComponent } from '../api/scoresquad.js';
import { COMPONENT_TITLES } from './rating-words.js';

export const COMPONENT_ORDER: readonly ComponentName[] = ['on_time_rate', 'throughput', 'review_score', 'peer_score'];

/** A count from a component's `data` (e.g. review_score's `reviews`), 0 when absent. */
export function componentCount(components: readonly RatingComponent[], name: ComponentName, key: string): number {
  const value = components.find((c) => c.name === name)?.data[key];
  return typeof value === 'number' ? value : 0;
}

/** How many reviews and pieces of feedback a profile counts: they grow when a write is projected. */
export const reviewsCounted = (profile: Pick<PerformanceProfile, 'components'> | undefined): number =>
  profile ? componentCount(profile.components, 'review_score', 'reviews') : 0;
export const feedbackCounted = (profile: Pick<PerformanceProfile, 'components'> | undefined): number =>
  profile ? componentCount(profile.components, 'peer_score', 'feedback') : 0;

export interface Series {
  name: string;
  data: (number | null)[];
}

/** One person's components: their values and effective weights, by component. */
export function personSeries(components: readonly RatingComponent[]): { categories: string[]; series: Series[] } {
  const ordered = COMPONENT_ORDER.map((name) => components.find((c) => c.name === name));
  return {
    categories: COMPONENT_ORDER.map((name) => COMPONENT_TITLES[name]),
    series: [
      { name: 'Value (0 to 1)', data: ordered.map((c) => c?.value ?? null) },
      { name: 'Effective weight', data: ordered.map((c) => c?.effective_weight ?? null) },
    ],
  };
}

/** A team's members by component value: one series per component, one category per member. */
export function teamSeries(members: readonly Pick<PerformanceProfile, 'username' | 'components'>[]): {
  categories: string[];
  series: Series[];
} {
  return {
    categories: members.map((m) => m.username),
    series: COMPONENT_ORDER.map((name) => ({
      name: COMPONENT_TITLES[name],
      data: members.map((m) => m.components.find((c) => c.name === name)?.value ?? null),
    })),
  };
}
