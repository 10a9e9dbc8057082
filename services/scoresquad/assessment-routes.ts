/** `POST /api/v1/reviews` and `POST /api/v1/feedback`: commands, answered with the record made. */
import { z } from 'zod';
import { defineRoute, type Route } from '../../http/index.js';
import { GiveFeedbackInput, SubmitReviewInput, giveFeedback, submitReview } from '../../write/scoresquad/commands.js';
import { actorOf, writeDepsOf, type ServiceDeps } from '../service.js';
import { FeedbackOut, ReviewOut, problemResponses } from './schemas.js';

const { 400: invalid, 401: unauthenticated, 403: forbidden, 404: missing, 409: conflict } = problemResponses;

export function assessmentRoutes(deps: ServiceDeps): Route[] {
  const write = writeDepsOf(deps);
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
      handler: async (ctx, { body, user }) => ({
        status: 201,
        body: await submitReview(write, body, actorOf(ctx, user)),
      }),
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
      handler: async (ctx, { body, user }) => ({
        status: 201,
        body: await giveFeedback(write, body, actorOf(ctx, user)),
      }),
    }),
  ];
}
