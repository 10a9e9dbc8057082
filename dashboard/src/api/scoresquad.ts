/** ScoreSquad (:8003): explained performance ratings, reviews and peer feedback. */
import { z } from 'zod';
import { Role } from './atlas.js';
import { call } from './client.js';

export const ComponentName = z.enum(['on_time_rate', 'throughput', 'review_score', 'peer_score']);
export type ComponentName = z.infer<typeof ComponentName>;

/** One part of the rating: value 0..1 (null without data), its weight, and what it was computed from. */
export const RatingComponent = z.object({
  name: ComponentName,
  value: z.number().nullable(),
  weight: z.number(),
  effective_weight: z.number(),
  data: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});
export type RatingComponent = z.infer<typeof RatingComponent>;

export const TaskSummary = z.object({
  completed: z.number(),
  with_due_date: z.number(),
  on_time: z.number(),
  late: z.number(),
  without_due_date: z.number(),
  mean_cycle_hours: z.number().nullable(),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

const Performance = {
  /** The mean review score alone (1..5, 2 decimals); null until the first review. */
  performance_rating: z.number().nullable(),
  /** The blended rating (1..5, 2 decimals); null until any component has data. */
  overall_rating: z.number().nullable(),
  tasks: TaskSummary,
  components: z.array(RatingComponent),
};

export const PerformanceProfile = z.object({
  id: z.string(),
  user_id: z.number(),
  username: z.string(),
  organization_id: z.string(),
  role: Role,
  last_review_date: z.string().nullable(),
  last_review_period: z.string().nullable(),
  ...Performance,
});
export type PerformanceProfile = z.infer<typeof PerformanceProfile>;

const Explained = { as_of: z.string(), formula: z.string(), weights: z.record(z.string(), z.number()) };

export const UserPerformance = z.object({
  user_id: z.number(),
  username: z.string(),
  organization_id: z.string().nullable(),
  last_review_date: z.string().nullable(),
  ...Performance,
  ...Explained,
  organizations: z.array(PerformanceProfile),
});
export type UserPerformance = z.infer<typeof UserPerformance>;

export const ProjectPerformance = z.object({
  project_id: z.string(),
  name: z.string(),
  archived: z.boolean(),
  tasks: TaskSummary,
  feedback: z.object({ count: z.number(), mean_score: z.number().nullable() }),
});
export type ProjectPerformance = z.infer<typeof ProjectPerformance>;

export const OrganizationPerformance = z.object({
  organization_id: z.string(),
  name: z.string(),
  ...Explained,
  summary: z.object({ members: z.number(), rated_members: z.number(), mean_overall_rating: z.number().nullable() }),
  members: z.array(PerformanceProfile),
  projects: z.array(ProjectPerformance),
});
export type OrganizationPerformance = z.infer<typeof OrganizationPerformance>;

export const Scores = z.object({ quality: z.number(), delivery: z.number(), collaboration: z.number() });
export type Scores = z.infer<typeof Scores>;

export const Review = z.object({
  id: z.string(),
  employee_id: z.number(),
  reviewer_id: z.number(),
  organization_id: z.string(),
  period: z.string(),
  scores: Scores,
  comments: z.string(),
  submitted_at: z.string(),
});
export type Review = z.infer<typeof Review>;

export const Feedback = z.object({
  id: z.string(),
  project_id: z.string(),
  organization_id: z.string(),
  from_user_id: z.number(),
  to_user_id: z.number(),
  period: z.string(),
  score: z.number(),
  comment: z.string(),
  given_at: z.string(),
});
export type Feedback = z.infer<typeof Feedback>;

export interface ReviewInput {
  employee_id: number;
  organization_id: string;
  /** `YYYY-MM`. */
  period: string;
  scores: Scores;
  comments: string;
}

export interface FeedbackInput {
  project_id: string;
  to_user_id: number;
  score: number;
  comment: string;
}

export const scoresquad = {
  /** A user's performance; with `organizationId`, in that organization only. */
  user: (userId: number, organizationId?: string) =>
    call('scoresquad', 'GET', `/api/v1/performance/users/${userId}`, {
      query: { organization_id: organizationId },
      schema: UserPerformance,
    }),
  /** Every member's performance (owners and managers). */
  organization: (organizationId: string) =>
    call('scoresquad', 'GET', `/api/v1/performance/organizations/${encodeURIComponent(organizationId)}`, {
      schema: OrganizationPerformance,
    }),
  review: (input: ReviewInput) => call('scoresquad', 'POST', '/api/v1/reviews', { body: input, schema: Review }),
  feedback: (input: FeedbackInput) => call('scoresquad', 'POST', '/api/v1/feedback', { body: input, schema: Feedback }),
};
