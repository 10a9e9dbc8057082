/** `POST /api/v1/activity/log`: desktop agents' batches of activity minutes. */
import { defineRoute, Problem, type Route } from '../../http/index.js';
import { ActivityBatchInput, logActivity, MAX_RECORDS_PER_BATCH, NotVisibleYetError } from '../../write/codecrafters/index.js';
import { correlationOf, type CodecraftersContext } from './context.js';
import { LogAnswer, problem } from './schemas.js';

export function activityRoutes(api: CodecraftersContext): Route[] {
  const deps = { store: api.activityLog, facts: api.facts, clock: api.deps.clock };
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/activity/log',
      summary: 'Log a batch of activity minutes (idempotent by record id; all or nothing)',
      description:
        `At most ${MAX_RECORDS_PER_BATCH} records. A record whose id is already stored is accepted and ignored. ` +
        'When any record is refused, nothing is stored and the 400 names every refused field (`/body/records/<i>/<field>`).',
      tags: ['activity'],
      auth: 'required',
      body: ActivityBatchInput,
      responses: {
        202: { description: 'Every record is stored (or was already); read models show them shortly', schema: LogAnswer },
        400: problem('A record is refused; nothing was stored'),
        401: problem('Missing or invalid token'),
        409: problem('Tracking is disabled in your productivity profile'),
        413: problem('The body is over the limit'),
        503: problem('Your account, or a task the batch names, is not visible to Code Crafters yet; retry after Retry-After seconds'),
      },
      handler: async (ctx, { body, user }) => {
        try {
          const logged = await logActivity(deps, body, { user_id: user.user_id, correlation_id: correlationOf(ctx) });
          return { status: 202, body: logged };
        } catch (error) {
          if (!(error instanceof NotVisibleYetError)) throw error;
          throw new Problem('unavailable', 'your account, or a task the batch names, is not visible to Code Crafters yet; retry in a moment', {
            headers: { 'Retry-After': '1' },
            internal: error.message,
          });
        }
      },
    }),
  ];
}
