/** What the ScoreSquad API answers, as zod schemas: they document the routes and check each answer. */
import { z } from 'zod';
import { refusalsFrom } from '../../http/index.js';
import { refusalAnswers } from '../problems.js';

const Id = z.uuid();
const UserId = z.int().positive();
const Instant = z.iso.datetime();
const Period = z.string().regex(/^\d{4}-\d{2}$/);
const Rating = z.number().min(1).max(5).nullable();

export const ReviewOut = z
  .object({
    id: Id,
    employee_id: UserId,
    reviewer_id: UserId,
    organization_id: Id,
    period: Period,
    scores: z.object({ quality: z.int(), delivery: z.int(), collaboration: z.int() }),
    comments: z.string(),
    submitted_at: Instant,
  })
  .meta({ id: 'PerformanceReview' });

export const FeedbackOut = z
  .object({
    id: Id,
    project_id: Id,
    organization_id: Id,
    from_user_id: UserId,
    to_user_id: UserId,
    period: Period,
    score: z.int(),
    comment: z.string(),
    given_at: Instant,
  })
  .meta({ id: 'PeerFeedback' });

const ComponentOut = z
  .object({
    name: z.enum(['on_time_rate', 'throughput', 'review_score', 'peer_score']),
    value: z.number().min(0).max(1).nullable(),
    weight: z.number(),
    effective_weight: z.number(),
    data: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  })
  .meta({ id: 'RatingComponent' });

export const TaskSummaryOut = z
  .object({
    completed: z.int(),
    with_due_date: z.int(),
    on_time: z.int(),
    late: z.int(),
    without_due_date: z.int(),
    mean_cycle_hours: z.number().nullable(),
  })
  .meta({ id: 'TaskSummary' });

const Performance = {
  performance_rating: Rating,
  overall_rating: Rating,
  tasks: TaskSummaryOut,
  components: z.array(ComponentOut),
};

export const ProfileOut = z
  .object({
    id: Id,
    user_id: UserId,
    username: z.string(),
    organization_id: Id,
    role: z.enum(['owner', 'manager', 'member']),
    last_review_date: z.iso.date().nullable(),
    last_review_period: Period.nullable(),
    ...Performance,
  })
  .meta({ id: 'PerformanceProfile' });

const Explained = {
  as_of: Instant,
  formula: z.string(),
  weights: z.record(z.string(), z.number()),
};

export const UserPerformanceOut = z
  .object({
    user_id: UserId,
    username: z.string(),
    organization_id: Id.nullable(),
    last_review_date: z.iso.date().nullable(),
    ...Performance,
    ...Explained,
    organizations: z.array(ProfileOut),
  })
  .meta({ id: 'UserPerformance' });

export const ProjectPerformanceOut = z
  .object({
    project_id: Id,
    name: z.string(),
    archived: z.boolean(),
    tasks: TaskSummaryOut,
    feedback: z.object({ count: z.int(), mean_score: z.number().nullable() }),
  })
  .meta({ id: 'ProjectPerformance' });

export const OrganizationPerformanceOut = z
  .object({
    organization_id: Id,
    name: z.string(),
    ...Explained,
    summary: z.object({ members: z.int(), rated_members: z.int(), mean_overall_rating: Rating }),
    members: z.array(ProfileOut),
    projects: z.array(ProjectPerformanceOut),
  })
  .meta({ id: 'OrganizationPerformance' });

/** The refusals the routes may answer, for the document; a route picks its own: `...refusals(401, 404)`. */
export const refusals = refusalsFrom(refusalAnswers('Already done for this period'));
