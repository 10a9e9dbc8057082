/**
 * What the performance routes answer, built from read-model documents and the instant of the
 * query. Pure: the routes fetch, these functions shape.
 */
import type { MembershipDoc } from '../../projections/atlas/models.js';
import {
  profileUuid,
  type PerformanceProfileDoc,
  type ProjectPerformanceDoc,
} from '../../projections/scoresquad/models.js';
import { componentsOf, reviewMean, sumCounts, taskSummary, type PerformanceCounts } from './components.js';
import { rate, round, type RatedComponent } from './rating.js';

export const countsOf = (
  doc: Pick<PerformanceProfileDoc, 'tasks' | 'reviews' | 'feedback'> | null,
): PerformanceCounts => ({
  tasks: doc?.tasks ?? {},
  reviews: doc?.reviews ?? {},
  feedback: doc?.feedback ?? {},
});

/** Values and weights to 4 decimals for reading; the rating itself uses the exact ones. */
const shownComponent = (c: RatedComponent) => ({
  name: c.name,
  value: c.value === null ? null : round(c.value, 4),
  weight: c.weight,
  effective_weight: round(c.effective_weight, 4),
  data: c.data,
});

/**
 * The performance of some counts at `now`:
 * - `overall_rating`: the blended rating (1..5, 2 decimals), null until there is data;
 * - `performance_rating`: the reviews alone, the mean of every review score (1..5, 2 decimals),
 *   null until the first review: what managers said, beside what everything says.
 */
function performanceOf(counts: PerformanceCounts, now: Date) {
  const rating = rate(componentsOf(counts, now));
  const mean = reviewMean(counts.reviews);
  return {
    performance_rating: mean === null ? null : round(mean, 2),
    overall_rating: rating.overall_rating,
    tasks: taskSummary(counts.tasks),
    components: rating.components.map(shownComponent),
  };
}

const latest = (values: readonly (string | undefined)[]): string | null =>
  values.reduce<string | null>((max, v) => (v !== undefined && (max === null || v > max) ? v : max), null);

/** One member's profile in one organization (an empty one until the projection has written it). */
export function profileAnswer(member: MembershipDoc, doc: PerformanceProfileDoc | null, now: Date) {
  return {
    id: doc?.id ?? profileUuid(member.organization_id, member.user_id),
    user_id: member.user_id,
    username: member.username,
    organization_id: member.organization_id,
    role: member.role,
    last_review_date: doc?.last_review_date ?? null,
    last_review_period: doc?.last_review_period ?? null,
    ...performanceOf(countsOf(doc), now),
  };
}

/** A user's performance over the organizations shown, counts summed, with each organization's. */
export function userAnswer(
  user: { user_id: number; username: string },
  shown: readonly { member: MembershipDoc; doc: PerformanceProfileDoc | null }[],
  now: Date,
  organizationId: string | null,
) {
  return {
    user_id: user.user_id,
    username: user.username,
    as_of: now.toISOString(),
    organization_id: organizationId,
    last_review_date: latest(shown.map((s) => s.doc?.last_review_date)),
    ...performanceOf(sumCounts(shown.map((s) => countsOf(s.doc))), now),
    organizations: shown.map((s) => profileAnswer(s.member, s.doc, now)),
  };
}

export function projectAnswer(
  project: { id: string; name: string; archived: boolean },
  doc: ProjectPerformanceDoc | null,
) {
  const feedback = doc?.feedback ?? {};
  const count = feedback.count ?? 0;
  return {
    project_id: project.id,
    name: project.name,
    archived: project.archived,
    tasks: taskSummary(doc?.tasks ?? {}),
    feedback: { count, mean_score: count === 0 ? null : round((feedback.score_total ?? 0) / count, 2) },
  };
}

/** The mean of the members' overall ratings, over those that have one. */
export function teamSummary(members: readonly { overall_rating: number | null }[]) {
  const rated = members.flatMap((m) => (m.overall_rating === null ? [] : [m.overall_rating]));
  return {
    members: members.length,
    rated_members: rated.length,
    mean_overall_rating: rated.length === 0 ? null : round(rated.reduce((a, b) => a + b, 0) / rated.length, 2),
  };
}
