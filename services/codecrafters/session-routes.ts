/**
 * `GET /api/v1/activity/sessions/users/:user_id`: a user's contiguous active spans, for the
 * dashboard's timeline (`session-report.ts`). Who sees what, `from`/`to` and their limits are
 * those of the user's productivity answer (`GET /api/v1/productivity/users/:user_id`): yourself,
 * all your activity (or one organization's); owners and managers, a member's activity attributed
 * to an organization they manage; a plain member of a shared organization 403, anyone else 404.
 */
import { z } from 'zod';
import { defineRoute, type Route } from '../../http/index.js';
import type { CodecraftersContext } from './context.js';
import { reportRefusals, SessionsAnswer } from './schemas.js';
import { readActiveMinutes, sessionsReport } from './session-report.js';
import { userQuestion, UserRangeQuery } from './user-question.js';

export function sessionRoutes(api: CodecraftersContext): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/activity/sessions/users/:user_id',
      summary: "A user's contiguous active spans (the timeline)",
      description:
        'A span is a run of minutes with activity and no minute missing. Yourself: all your activity, days cut in your zone ' +
        "(or only what is attributed to `organization_id`). Owners and managers: a member's activity attributed to an organization " +
        "they manage, days cut in its zone. `from` and `to` as in the user's productivity answer.",
      tags: ['activity'],
      auth: 'required',
      params: z.object({ user_id: z.string() }),
      query: UserRangeQuery,
      responses: {
        200: { description: 'The spans of the range, earliest first', schema: SessionsAnswer },
        ...reportRefusals(400, 401, 403, 404),
      },
      handler: async (_ctx, { params, query, user }) => {
        const question = await userQuestion(api, user.user_id, params.user_id, query);
        return { status: 200, body: sessionsReport(question, await readActiveMinutes(api.deps.readModels, question)) };
      },
    }),
  ];
}
