/** The productivity answers: a user's days and hours, a team's, a task's. */
import { z } from 'zod';
import { defineRoute, forbidden, notFound, type Route } from '../../http/index.js';
import { managesTeam, membershipOf } from '../../projections/atlas/access.js';
import type { TaskDoc } from '../../projections/atlas/models.js';
import { orgVersionId, userVersionId } from '../../projections/codecrafters/models.js';
import { isUuid, LocalDateSchema } from '../../write/schemas.js';
import { localDate } from '../../write/codecrafters/index.js';
import { requireManager, scopeFor } from './access.js';
import { userZone, type CodecraftersContext } from './context.js';
import { RangeQuery, resolveRange } from './ranges.js';
import { HoursAnswer, reportRefusals, TaskAnswer, TeamAnswer, UserAnswer } from './schemas.js';
import { readTaskTime, taskReport } from './task-report.js';
import { readTeamInputs, teamReport } from './team-report.js';
import { readUserDays, userHours, userReport } from './user-report.js';
import { targetOf, userQuestion, UserRangeQuery } from './user-question.js';

export function productivityRoutes(api: CodecraftersContext): Route[] {
  const { readModels, clock } = api.deps;

  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/productivity/users/:user_id',
      summary: "A user's productive time per day",
      description:
        'Yourself: all your activity, days cut in your zone (or only what is attributed to `organization_id`). ' +
        "Owners and managers: a member's activity attributed to an organization they manage, days cut in its zone.",
      tags: ['productivity'],
      auth: 'required',
      params: z.object({ user_id: z.string() }),
      query: UserRangeQuery,
      responses: {
        200: { description: 'The days of the range', schema: UserAnswer },
        ...reportRefusals(400, 401, 403, 404),
      },
      handler: async (_ctx, { params, query, user }) => {
        const question = await userQuestion(api, user.user_id, params.user_id, query);
        const { target, scope, zone, range } = question;
        const key = `${target}|${scope.kind === 'own' ? '' : scope.organization_id}|${zone}|${range.from}|${range.to}`;
        const answer = await api.userAnswers.get(userVersionId(target), key, async () =>
          userReport(question, await readUserDays(readModels, question)),
        );
        return { status: 200, body: answer };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/productivity/users/:user_id/hours',
      summary: 'Your productive time per hour of one day (your own only)',
      tags: ['productivity'],
      auth: 'required',
      params: z.object({ user_id: z.string() }),
      query: z.object({ date: LocalDateSchema.optional().describe('YYYY-MM-DD in your zone (default: today)') }),
      responses: { 200: { description: '24 hours', schema: HoursAnswer }, ...reportRefusals(400, 401, 403, 404) },
      handler: async (_ctx, { params, query, user }) => {
        const target = targetOf(params.user_id);
        if (target !== user.user_id) {
          await scopeFor(readModels, user.user_id, target);
          throw forbidden('hourly activity is visible to the user only');
        }
        const zone = await userZone(api, target, await api.facts.profile(target));
        const date = query.date ?? localDate(zone, clock());
        return {
          status: 200,
          body: { user_id: target, date, timezone: zone, hours: await userHours(readModels, target, date) },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/productivity/teams/:organization_id',
      summary: "An organization's productive time per day and per member (owners and managers)",
      description:
        "Days cut in the organization's zone. `average_productive_hours_per_day`: mean productive hours over the member-days with any activity.",
      tags: ['productivity'],
      auth: 'required',
      params: z.object({ organization_id: z.string() }),
      query: RangeQuery,
      responses: {
        200: { description: 'The days and members of the range', schema: TeamAnswer },
        ...reportRefusals(400, 401, 403, 404),
      },
      handler: async (_ctx, { params, query, user }) => {
        const organizationId = params.organization_id;
        if (!isUuid(organizationId)) throw notFound(`no organization ${organizationId}`);
        await requireManager(readModels, organizationId, user.user_id);
        const zone = (await api.facts.organizationTimezone(organizationId)) ?? 'UTC';
        const range = resolveRange(query, zone, clock());
        const answer = await api.teamAnswers.get(
          orgVersionId(organizationId),
          `${organizationId}|${range.from}|${range.to}`,
          async () => teamReport(await readTeamInputs(readModels, organizationId, zone, range)),
        );
        return { status: 200, body: answer };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/productivity/tasks/:task_id',
      summary: 'Time spent on a task, per user (members see their own time only)',
      tags: ['productivity'],
      auth: 'required',
      params: z.object({ task_id: z.string() }),
      // No query to refuse, and a member sees their own time rather than a 403.
      responses: { 200: { description: "The task's time", schema: TaskAnswer }, ...reportRefusals(401, 404) },
      handler: async (_ctx, { params, user }) => {
        const task = isUuid(params.task_id)
          ? await readModels.findOne<TaskDoc>('tasks', { _id: params.task_id })
          : null;
        const membership = task ? await membershipOf(readModels, task.organization_id, user.user_id) : null;
        if (!task || !membership) throw notFound(`no task ${params.task_id}`);
        const scope = managesTeam(membership.role) ? 'team' : 'own';
        const { docs, usernames } = await readTaskTime(readModels, task, scope === 'team' ? null : user.user_id);
        return { status: 200, body: taskReport(task, scope, docs, usernames) };
      },
    }),
  ];
}
