/**
 * The rating: a weighted mean of components on a 0..1 scale, mapped onto 1..5. Pure and
 * deterministic: the same components and weights always give the same rating, and the answer
 * carries every input so that a person can redo the arithmetic (docs/scoresquad.md).
 *
 *   effective_weight(c) = weight(c) / Σ weight(k) over the components k that have data
 *   overall (0..1)      = Σ value(c) × effective_weight(c) over the components c that have data
 *   overall_rating      = round2(1 + 4 × overall), or null when no component has data
 *
 * A component without data (a member never reviewed, with no task ever due) is left out and
 * the others are renormalised, so that missing data neither helps nor hurts.
 */
export const COMPONENT_NAMES = ['on_time_rate', 'throughput', 'review_score', 'peer_score'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];
export type Weights = Readonly<Record<ComponentName, number>>;

export const WEIGHTS: Weights = { on_time_rate: 0.35, throughput: 0.2, review_score: 0.3, peer_score: 0.15 };

/** What a component's value was computed from: counts, means, the window. */
export type ComponentData = Record<string, number | string | null>;

export interface ComponentInput {
  name: ComponentName;
  /** 0..1, or null when there is no data for it. */
  value: number | null;
  data: ComponentData;
}

export interface RatedComponent extends ComponentInput {
  weight: number;
  /** The weight after renormalising over the components that have data; 0 for one without. */
  effective_weight: number;
}

export interface Rating {
  /** The weighted mean, 0..1, unrounded; null when no component has data. */
  overall: number | null;
  /** 1..5 with 2 decimals; null when no component has data. */
  overall_rating: number | null;
  components: RatedComponent[];
}

export const FORMULA =
  'overall_rating = round(1 + 4 × Σ value × effective_weight, 2) over the components with data, ' +
  'effective_weight = weight / Σ weights of the components with data; null when none has data. ' +
  'on_time_rate = on_time / (on_time + late), tasks with a due date, on time when completed by the end of the due date (UTC); ' +
  'throughput = min(1, completed_in_window / target), the window being the current and the 2 previous UTC months, once any task was completed; ' +
  'review_score = (mean review score − 1) / 4 over quality, delivery and collaboration of every review; ' +
  'peer_score = (mean peer feedback score − 1) / 4.';

/**
 * Rounds half away from zero at `digits` decimals, reading the scaled number at 12 significant
 * digits first so that binary noise (2.675 × 100 = 267.49999…) does not decide the rounding.
 */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = Number((value * factor).toPrecision(12));
  return (Math.sign(scaled) * Math.round(Math.abs(scaled))) / factor;
}

/** Maps a mean score on 1..5 onto 0..1. */
export const fromFivePoint = (mean: number): number => (mean - 1) / 4;

export function rate(components: readonly ComponentInput[], weights: Weights = WEIGHTS): Rating {
  for (const c of components) {
    if (c.value !== null && !(c.value >= 0 && c.value <= 1))
      throw new RangeError(`${c.name} must be within 0..1, got ${c.value}`);
  }
  const withData = components.filter((c) => c.value !== null);
  const total = withData.reduce((sum, c) => sum + weights[c.name], 0);
  const rated = components.map((c) => ({
    ...c,
    weight: weights[c.name],
    effective_weight: c.value === null || total === 0 ? 0 : weights[c.name] / total,
  }));
  if (withData.length === 0 || total === 0) return { overall: null, overall_rating: null, components: rated };
  const overall = rated.reduce((sum, c) => sum + (c.value ?? 0) * c.effective_weight, 0);
  return { overall, overall_rating: round(1 + 4 * overall, 2), components: rated };
}
