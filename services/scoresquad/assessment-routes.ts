/** `POST /api/v1/reviews` and `POST /api/v1/feedback`: commands, answered with the record made. */
import { z } from 'zod';
import { defineRoute, type Route } from '../../http/index.js';
import { GiveFeedbackInput, SubmitReviewInput, giveFeedback, submitReview } from '../../write/scoresquad/commands.js';
import { actorOf, writeDepsOf, type ServiceDeps } from '../service.js';
import { FeedbackOut, ReviewOut, refusals } from './schemas.js';

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
      responses: { 201: { description: 'The review', schema: ReviewOut }, ...refusals(400, 401, 403, 404, 409) },
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
      responses: { 201: { description: 'The feedback', schema: FeedbackOut }, ...refusals(400, 401, 404, 409) },
      handler: async (ctx, { body, user }) => ({
        status: 201,
        body: await giveFeedback(write, body, actorOf(ctx, user)),
      }),
    }),
  ];
}
