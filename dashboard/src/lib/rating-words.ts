/**
 * The rating's components in words, true to ScoreSquad's formulas (services/scoresquad/components.ts
 * and rating.ts, docs/scoresquad.md). Every number shown is the API's own, as it answers it: the
 * words never recompute a figure.
 */
import type { ComponentName, RatingComponent } from '../api/scoresquad.js';

export interface ComponentWords {
  name: ComponentName;
  title: string;
  /** What the component measures and how its value (0..1) is computed. */
  what: string;
  /** What this person's value was computed from, or why there is no value. */
  from: string;
  value: string;
  weight: string;
  effectiveWeight: string;
}

export const COMPONENT_TITLES: Record<ComponentName, string> = {
  on_time_rate: 'On-time rate',
  throughput: 'Throughput',
  review_score: 'Review score',
  peer_score: 'Peer score',
};

const WHAT: Record<ComponentName, string> = {
  on_time_rate:
    'Of the completed tasks that had a due date, the share completed by the end of the due date (UTC dates): on time ÷ (on time + late).',
  throughput:
    'Tasks completed in the current UTC month and the two before it, against a target: min(1, completed ÷ target).',
  review_score:
    'Monthly reviews by owners and managers: the mean of every quality, delivery and collaboration score (1 to 5), mapped to 0..1 as (mean − 1) ÷ 4.',
  peer_score: "Colleagues' feedback on projects: the mean feedback score (1 to 5), mapped to 0..1 as (mean − 1) ÷ 4.",
};

/** A figure as the API gives it; `—` for none. */
export const figure = (value: number | string | null | undefined): string =>
  value === null || value === undefined ? '—' : String(value);

/** A rating (1..5, two decimals) as the API gives it, or `—` when there is none yet. */
export const ratingText = (rating: number | null): string => figure(rating);

const plural = (count: number | string | null | undefined, one: string, many: string): string =>
  `${figure(count)} ${count === 1 ? one : many}`;

function from(c: RatingComponent): string {
  const d = c.data;
  switch (c.name) {
    case 'on_time_rate':
      if (c.value === null) return 'No completed task had a due date, so this component is left out.';
      return (
        `${figure(d['on_time'])} of ${plural(d['with_due_date'], 'task', 'tasks')} with a due date completed on time, ` +
        `${figure(d['late'])} late; ${figure(d['without_due_date'])} without a due date (not counted).`
      );
    case 'throughput':
      if (c.value === null) return 'No task completed yet, so this component is left out.';
      return (
        `${plural(d['completed_in_window'], 'task', 'tasks')} completed in ${figure(d['window_from'])} to ` +
        `${figure(d['window_to'])}, target ${figure(d['target'])} (${figure(d['completed_all_time'])} completed in all).`
      );
    case 'review_score':
      if (c.value === null) return 'Not reviewed yet, so this component is left out.';
      return (
        `${plural(d['reviews'], 'review', 'reviews')}, mean score ${figure(d['mean_score'])} ` +
        `(quality ${figure(d['quality_mean'])}, delivery ${figure(d['delivery_mean'])}, ` +
        `collaboration ${figure(d['collaboration_mean'])}).`
      );
    case 'peer_score':
      if (c.value === null) return 'No peer feedback received yet, so this component is left out.';
      return `${plural(d['feedback'], 'piece of feedback', 'pieces of feedback')}, mean score ${figure(d['mean_score'])}.`;
  }
}

export function componentWords(c: RatingComponent): ComponentWords {
  return {
    name: c.name,
    title: COMPONENT_TITLES[c.name],
    what: WHAT[c.name],
    from: from(c),
    value: figure(c.value),
    weight: figure(c.weight),
    effectiveWeight: figure(c.effective_weight),
  };
}

/** How the components make the rating, in words (the API's `formula` says it in symbols). */
export const RATING_RULE =
  'Each component is a value from 0 to 1. A component without data is left out (effective weight 0) and the ' +
  'weights of the others are scaled up to add up to 1: effective weight = weight ÷ the sum of the weights of the ' +
  'components with data. The rating is 1 + 4 × the sum of value × effective weight, rounded to 2 decimals (1 to 5).';
