/**
 * The ScoreSquad application services the routes call. They gather the facts the deciders need
 * from Atlas's own streams (the organization's members and roles, the project's organization and
 * time zone), not from read models: a command must see a member added a moment ago, and the event
 * store is the truth. Then they run the decider on the review's or feedback's stream.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, parseInput } from '../domain-error.js';
import { contextOf, load, run, type Actor, type WriteDeps } from '../command.js';
import { organizationStream, projectStream } from '../atlas/events.js';
import { UserIdSchema, UuidSchema } from '../schemas.js';
import { organization, roleOf, type ExistingOrganization } from '../atlas/organization.js';
import { project } from '../atlas/project.js';
import {
  CommentSchema,
  PeriodSchema,
  ReviewScoresSchema,
  ScoreSchema,
  feedbackStream,
  reviewStream,
} from './events.js';
import { feedback, type FeedbackEvent } from './feedback.js';
import { periodOf } from './period.js';
import { review, type ReviewEvent } from './review.js';

export type { Actor, WriteDeps } from '../command.js';

export const SubmitReviewInput = z.object({
  employee_id: UserIdSchema,
  organization_id: UuidSchema,
  period: PeriodSchema,
  scores: ReviewScoresSchema,
  comments: CommentSchema.default(''),
});

export const GiveFeedbackInput = z.object({
  project_id: UuidSchema,
  to_user_id: UserIdSchema,
  score: ScoreSchema,
  comment: CommentSchema.default(''),
});

export type ReviewView = Omit<ReviewEvent['data'], 'review_id'> & { id: string };
export type FeedbackView = Omit<FeedbackEvent['data'], 'feedback_id'> & { id: string };

/** The organization, if it exists; to anyone outside it, it does not (`not_found`). */
async function organizationSeenBy(deps: WriteDeps, organizationId: string, actor: Actor, what: string) {
  const { state } = await load(deps, organizationStream(organizationId), organization);
  if (!state.exists || roleOf(state, actor.user_id) === null) throw new DomainError('not_found', `${what} not found`);
  return state;
}

const isMember = (org: ExistingOrganization, userId: number) => roleOf(org, userId) !== null;

export async function submitReview(deps: WriteDeps, input: unknown, actor: Actor): Promise<ReviewView> {
  const { employee_id, organization_id, period, scores, comments } = parseInput(SubmitReviewInput, input);
  const org = await organizationSeenBy(deps, organization_id.toLowerCase(), actor, 'organization');
  const context = contextOf(deps, actor);
  const now = context.now;
  const { events } = await run(deps, context, reviewStream(org.organization_id, employee_id, period), review, {
    type: 'SubmitReview',
    review_id: randomUUID(),
    organization_id: org.organization_id,
    reviewer: { user_id: actor.user_id, role: roleOf(org, actor.user_id) },
    employee: { user_id: employee_id, joined_at: org.members.get(employee_id)?.joined_at ?? null },
    period,
    scores,
    comments,
    now,
    timezone: org.timezone,
  });
  const { review_id, ...data } = events[0]!.data;
  return { id: review_id, ...data };
}

export async function giveFeedback(deps: WriteDeps, input: unknown, actor: Actor): Promise<FeedbackView> {
  const { project_id, to_user_id, score, comment } = parseInput(GiveFeedbackInput, input);
  const { state: found } = await load(deps, projectStream(project_id.toLowerCase()), project);
  if (!found.exists) throw new DomainError('not_found', 'project not found');
  const org = await organizationSeenBy(deps, found.organization_id, actor, 'project');
  const context = contextOf(deps, actor);
  const now = context.now;
  const period = periodOf(now, org.timezone);
  const { events } = await run(
    deps,
    context,
    feedbackStream(found.project_id, actor.user_id, to_user_id, period),
    feedback,
    {
      type: 'GiveFeedback',
      feedback_id: randomUUID(),
      project: { project_id: found.project_id, organization_id: found.organization_id },
      giver: { user_id: actor.user_id, role: roleOf(org, actor.user_id) },
      receiver: { user_id: to_user_id, member: isMember(org, to_user_id) },
      period,
      score,
      comment,
      now,
    },
  );
  const { feedback_id, ...data } = events[0]!.data;
  return { id: feedback_id, ...data };
}
