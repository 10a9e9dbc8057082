/**
 * `GET /api/v1/activity/sessions/users/:user_id`: a user's contiguous active spans, for the
 * dashboard's timeline (`session-report.ts`). Who sees what, `from`/`to` and their limits are
 * those of the user's productivity answer (`GET /api/v1/productivity/users/:user_id`): yourself,
 * all your activity (or one organization's); owners and managers, a member's activity attributed
 * to an organization they manage; a plain member of a shared organization 403, anyone else 404.
 */
import { z } from 'zod';
import { defineRoute, notFound, type Route } from '../../http/index.js';
import { isUuid, userIdOf } from '../../write/schemas.js';
import { scopeFor } from './access.js';
import { userZone, type CodecraftersContext } from './context.js';
import { RangeQuery, resolveRange } from './ranges.js';
import { problem, SessionsAnswer } from './schemas.js';
import { readActiveMinutes, sessionsReport } from './session-report.js';

export function sessionRoutes(api: CodecraftersContext): Route[] {
  const { readModels, clock } = api.deps;
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
      query: RangeQuery.extend({
        organization_id: z.string().optional().describe('only the activity attributed to this organization'),
      }),
      responses: {
        200: { description: 'The spans of the range, earliest first', schema: SessionsAnswer },
        400: problem('A query parameter is not valid'),
        401: problem('Missing or invalid token'),
        403: problem('You share the organization, but your role does not let you see this'),
        404: problem('No such resource that you can see'),
      },
      handler: async (_ctx, { params, query, user }) => {
        const target = userIdOf(params.user_id);
        if (target === null) throw notFound(`no user ${params.user_id}`);
        if (query.organization_id !== undefined && !isUuid(query.organization_id))
          throw notFound(`no organization ${query.organization_id}`);
        const scope = await scopeFor(readModels, user.user_id, target, query.organization_id);
        const zone =
          scope.kind === 'own'
            ? await userZone(api, target, await api.facts.profile(target))
            : ((await api.facts.organizationTimezone(scope.organization_id)) ?? 'UTC');
        const range = resolveRange(query, zone, clock());
        return {
          status: 200,
          body: sessionsReport(target, scope, zone, range, await readActiveMinutes(readModels, target, scope, range)),
        };
      },
    }),
  ];
}
