/**
 * ScoreSquad's read models (logical collection names and document shapes), keyed by Atlas ids:
 * the contract between the projection in this folder and the API in `services/scoresquad/`.
 *
 * Everything is counted per organization: a user's numbers in one organization never mix with
 * another's, and the API sums organizations only when the caller may see each of them. Ratings are
 * not stored: they are computed at query time from these counts (`services/scoresquad/rating.ts`).
 */
import { v5 as nameUuid } from 'uuid';

/** Task completion counts, as `$inc` keeps them. Missing fields read as 0. */
export interface TaskCounts {
  completed?: number;
  /** Completed tasks that had a due date: `on_time + late`. */
  with_due_date?: number;
  /** Completed on or before the due date (the completion's UTC calendar date ≤ `due_date`). */
  on_time?: number;
  late?: number;
  without_due_date?: number;
  /** Sum of `completed_at − started_at` in milliseconds, for the mean cycle time. */
  cycle_ms_total?: number;
  /** Completed tasks by UTC month of completion (`YYYY-MM`), for the throughput window. */
  by_month?: Record<string, number>;
}

/** Review counts: each review gives one score per dimension, 1..5. */
export interface ReviewCounts {
  count?: number;
  quality_total?: number;
  delivery_total?: number;
  collaboration_total?: number;
}

export interface FeedbackCounts {
  count?: number;
  score_total?: number;
}

/**
 * `performance_profiles` (seed: `performance_profiles(id UUID, user_id INTEGER, performance_rating
 * DECIMAL, last_review_date DATE)`): one per member of an organization, created when they join,
 * `_id` = `<organization_id>:<user_id>`.
 */
export type PerformanceProfileDoc = {
  _id: string;
  /** A UUID derived from organization and user (`profileUuid`), stable across rebuilds. */
  id: string;
  user_id: number;
  organization_id: string;
  /** When the user joined the organization (Atlas's `MemberAdded`). */
  joined_at?: string;
  tasks?: TaskCounts;
  reviews?: ReviewCounts;
  feedback?: FeedbackCounts;
  /** The UTC date (`YYYY-MM-DD`) of the latest review's submission. */
  last_review_date?: string;
  /** The latest month reviewed (`YYYY-MM`). */
  last_review_period?: string;
};

/** `project_performance`: task completion and feedback counts per project, `_id` = project id. */
export type ProjectPerformanceDoc = {
  _id: string;
  project_id: string;
  organization_id: string;
  tasks?: TaskCounts;
  feedback?: FeedbackCounts;
};

/** `performance_reviews` (seed: employee_id, reviewer_id, period, scores, comments), `_id` = review id. */
export type PerformanceReviewDoc = {
  _id: string;
  id: string;
  employee_id: number;
  reviewer_id: number;
  organization_id: string;
  period: string;
  scores: { quality: number; delivery: number; collaboration: number };
  comments: string;
  submitted_at: string;
};

/** `peer_feedback` (seed: project_id, from_user_id, to_user_id, score, comment), `_id` = feedback id. */
export type PeerFeedbackDoc = {
  _id: string;
  id: string;
  project_id: string;
  organization_id: string;
  from_user_id: number;
  to_user_id: number;
  period: string;
  score: number;
  comment: string;
  given_at: string;
};

export const SCORESQUAD_COLLECTIONS = {
  profiles: 'performance_profiles',
  projects: 'project_performance',
  reviews: 'performance_reviews',
  feedback: 'peer_feedback',
} as const;

export const profileId = (organization_id: string, user_id: number): string => `${organization_id}:${user_id}`;

/** The namespace of the profiles' UUIDs; fixed forever, since every stored id depends on it. */
const PROFILE_NAMESPACE = 'cca7f071-634d-437c-a06b-22963bb65559';

/**
 * An RFC 9562 name-based (v5) UUID for a profile: the seed gives profiles a UUID, and a
 * projection must stay pure, so the id is derived rather than drawn at random.
 */
export const profileUuid = (organization_id: string, user_id: number): string =>
  nameUuid(profileId(organization_id, user_id), PROFILE_NAMESPACE);
