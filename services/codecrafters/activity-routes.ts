/** `POST /api/v1/activity/log`: desktop agents' batches of activity minutes. */
import { defineRoute, Problem, type Route } from '../../http/index.js';
import {
  ActivityBatchInput,
  ActivityDays,
  logActivity,
  MAX_RECORDS_PER_BATCH,
  NotVisibleYetError,
} from '../../write/codecrafters/index.js';
import { correlationOf, type CodecraftersContext } from './context.js';
import { LogAnswer, problem } from './schemas.js';

export function activityRoutes(api: CodecraftersContext): Route[] {
  // One per service: each activity day is written by one command at a time in this process.
  const days = new ActivityDays({ store: api.deps.events, cache: api.deps.cache });
  const deps = { days, facts: api.facts, clock: api.deps.clock };
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/activity/log',
      summary: 'Log a batch of activity minutes (idempotent by record id; one record per device and minute)',
      description:
        `At most ${MAX_RECORDS_PER_BATCH} records. When any record is invalid, nothing is stored and the 400 names every refused field ` +
        '(`/body/records/<i>/<field>`). A valid batch goes in record by record: a record whose id is already stored is accepted and ignored; ' +
        "a record for a device's minute that another record (of this batch or an earlier one) already holds is refused alone, and listed in `refused`. " +
        "A user's minute counts at most 60 active seconds, however many devices report it.",
      tags: ['activity'],
      auth: 'required',
      body: ActivityBatchInput,
      responses: {
        202: {
          description: 'The records not in `refused` are stored (or were already); read models show them shortly',
          schema: LogAnswer,
        },
        400: problem('A record is invalid; nothing was stored'),
        401: problem('Missing or invalid token'),
        409: problem('Tracking is disabled in your productivity profile'),
        413: problem('The body is over the limit'),
        503: problem(
          'Your account, or a task the batch names, is not visible to Code Crafters yet; retry after Retry-After seconds',
        ),
      },
      handler: async (ctx, { body, user }) => {
        try {
          const logged = await logActivity(deps, body, { user_id: user.user_id, correlation_id: correlationOf(ctx) });
          return { status: 202, body: logged };
        } catch (error) {
          if (!(error instanceof NotVisibleYetError)) throw error;
          throw new Problem(
            'unavailable',
            'your account, or a task the batch names, is not visible to Code Crafters yet; retry in a moment',
            {
              headers: { 'Retry-After': '1' },
              internal: error.message,
            },
          );
        }
      },
    }),
  ];
}
