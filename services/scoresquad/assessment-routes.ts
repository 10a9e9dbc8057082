/** `POST /api/v1/reviews` and `POST /api/v1/feedback`: commands, answered with the record made. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute, type KitContext, type Route } from '../../http/index.js';
import { GiveFeedbackInput, SubmitReviewInput, giveFeedback, submitReview, type Actor, type ScoresquadDeps } from '../../write/scoresquad/commands.js';
import type { ServiceDeps } from '../service.js';
import { FeedbackOut, ReviewOut, problemResponses } from './schemas.js';

const { 400: invalid, 401: unauthenticated, 403: forbidden, 404: missing, 409: conflict } = problemResponses;
const Uuid = z.uuid();

/** The request id becomes the events' correlation id when it is a UUID (metadata holds UUIDs). */
function actorOf(ctx: KitContext, user: { user_id: number }): Actor {
  const requestId = ctx.state.requestId;
  return { user_id: user.user_id, correlation_id: Uuid.safeParse(requestId).success ? requestId : randomUUID() };
}

export function assessmentRoutes(deps: ServiceDeps): Route[] {
  const write: ScoresquadDeps = { store: deps.events, clock: deps.clock, cache: deps.cache };
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/reviews',
      summary: 'Review a member for a month (owners and managers; one review per member and month)',
      tags: ['reviews'],
      auth: 'required',
      body: z.strictObject(SubmitReviewInput.shape),
      responses: {
        201: { description: 'The review', schema: ReviewOut },
        400: invalid,
        401: unauthenticated,
        403: forbidden,
        404: missing,
        409: conflict,
      },
      handler: async (ctx, { body, user }) => ({ status: 201, body: await submitReview(write, body, actorOf(ctx, user)) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/feedback',
      summary: "Score another member's work on a project (members of its organization; once per month each)",
      tags: ['feedback'],
      auth: 'required',
      body: z.strictObject(GiveFeedbackInput.shape),
      responses: {
        201: { description: 'The feedback', schema: FeedbackOut },
        400: invalid,
        401: unauthenticated,
        404: missing,
        409: conflict,
      },
      handler: async (ctx, { body, user }) => ({ status: 201, body: await giveFeedback(write, body, actorOf(ctx, user)) }),
    }),
  ];
}
