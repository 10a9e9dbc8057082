/**
 * The ScoreSquad application services the routes call. They gather the facts the deciders need
 * from Atlas's own streams (the organization's members and roles, the project's organization and
 * time zone), not from read models: a command must see a member added a moment ago, and the event
 * store is the truth. Then they run the decider on the review's or feedback's stream.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventStore } from '../../stores/events/port.js';
import type { Decider } from '../decider.js';
import { DomainError, parseInput } from '../domain-error.js';
import { handleCommand, type CommandMetadata } from '../handle.js';
import { loadState } from '../load.js';
import type { StateCache } from '../state-cache.js';
import { organizationStream, projectStream } from '../atlas/events.js';
import { UserIdSchema, UuidSchema } from '../schemas.js';
import { organization, roleOf, type ExistingOrganization } from '../atlas/organization.js';
import { project } from '../atlas/project.js';
import { CommentSchema, PeriodSchema, ReviewScoresSchema, ScoreSchema, feedbackStream, reviewStream } from './events.js';
import { feedback, type FeedbackEvent } from './feedback.js';
import { periodOf } from './period.js';
import { review, type ReviewEvent } from './review.js';

export interface ScoresquadDeps {
  store: EventStore;
  clock: () => Date;
  cache?: StateCache | undefined;
}

/** Who asks, and the request they ask in (for the events' metadata). */
export interface Actor {
  user_id: number;
  correlation_id: string;
}

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

async function load<C, E, S>(deps: ScoresquadDeps, stream: string, decider: Decider<C, E, S>): Promise<S> {
  return (await loadState({ store: deps.store, stream, decider, cache: deps.cache })).state;
}

/** The organization, if it exists; to anyone outside it, it does not (`not_found`). */
async function organizationSeenBy(deps: ScoresquadDeps, organizationId: string, actor: Actor, what: string) {
  const state = await load(deps, organizationStream(organizationId), organization);
  if (!state.exists || roleOf(state, actor.user_id) === null) throw new DomainError('not_found', `${what} not found`);
  return state;
}

const metadataOf = (actor: Actor): CommandMetadata => ({
  correlation_id: actor.correlation_id,
  causation_id: null,
  user_id: actor.user_id,
});

const isMember = (org: ExistingOrganization, userId: number) => roleOf(org, userId) !== null;

export async function submitReview(deps: ScoresquadDeps, input: unknown, actor: Actor): Promise<ReviewView> {
  const { employee_id, organization_id, period, scores, comments } = parseInput(SubmitReviewInput, input);
  const org = await organizationSeenBy(deps, organization_id.toLowerCase(), actor, 'organization');
  const now = deps.clock();
  const { events } = await handleCommand({
    store: deps.store,
    cache: deps.cache,
    stream: reviewStream(org.organization_id, employee_id, period),
    decider: review,
    command: {
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
    },
    metadata: metadataOf(actor),
    now,
  });
  const { review_id, ...data } = events[0]!.data;
  return { id: review_id, ...data };
}

export async function giveFeedback(deps: ScoresquadDeps, input: unknown, actor: Actor): Promise<FeedbackView> {
  const { project_id, to_user_id, score, comment } = parseInput(GiveFeedbackInput, input);
  const found = await load(deps, projectStream(project_id.toLowerCase()), project);
  if (!found.exists) throw new DomainError('not_found', 'project not found');
  const org = await organizationSeenBy(deps, found.organization_id, actor, 'project');
  const now = deps.clock();
  const period = periodOf(now, org.timezone);
  const { events } = await handleCommand({
    store: deps.store,
    cache: deps.cache,
    stream: feedbackStream(found.project_id, actor.user_id, to_user_id, period),
    decider: feedback,
    command: {
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
    metadata: metadataOf(actor),
    now,
  });
  const { feedback_id, ...data } = events[0]!.data;
  return { id: feedback_id, ...data };
}
