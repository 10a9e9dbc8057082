/** `GET /api/v1/performance/users/:user_id` and `/organizations/:organization_id`. */
import { z } from 'zod';
import { defineRoute, type Route } from '../../http/index.js';
import type { OrganizationDoc, MembershipDoc, ProjectDoc } from '../../projections/atlas/models.js';
import {
  SCORESQUAD_COLLECTIONS,
  profileId,
  type PerformanceProfileDoc,
  type ProjectPerformanceDoc,
} from '../../projections/scoresquad/models.js';
import type { ServiceDeps } from '../service.js';
import { profileAnswer, projectAnswer, teamSummary, userAnswer } from './answers.js';
import { FORMULA, WEIGHTS } from './rating.js';
import { OrganizationPerformanceOut, UserPerformanceOut, refusals } from './schemas.js';
import { organizationIdParam, teamSeenBy, userIdParam, visibleMemberships } from './visibility.js';

const explained = (now: Date) => ({ as_of: now.toISOString(), formula: FORMULA, weights: { ...WEIGHTS } });

async function profilesOf(
  deps: ServiceDeps,
  members: readonly MembershipDoc[],
): Promise<Map<string, PerformanceProfileDoc>> {
  if (members.length === 0) return new Map();
  const ids = members.map((m) => profileId(m.organization_id, m.user_id));
  const docs = await deps.readModels.find<PerformanceProfileDoc>(SCORESQUAD_COLLECTIONS.profiles, {
    _id: { $in: ids },
  });
  return new Map(docs.map((d) => [d._id, d]));
}

export function performanceRoutes(deps: ServiceDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/performance/users/:user_id',
      summary: "A user's performance: yours everywhere, or a member's in the organizations you own or manage",
      description:
        "The rating over the organizations shown (counts summed), and each organization's profile. " +
        '`organization_id` narrows it to one organization. Every rating lists its components.',
      tags: ['performance'],
      auth: 'required',
      params: z.object({ user_id: z.string() }),
      query: z.object({ organization_id: z.string().optional() }),
      responses: { 200: { description: 'The performance', schema: UserPerformanceOut }, ...refusals(401, 403, 404) },
      handler: async (_ctx, { params, query, user }) => {
        const userId = userIdParam(params.user_id);
        const organizationId =
          query.organization_id === undefined ? undefined : organizationIdParam(query.organization_id);
        const members = await visibleMemberships(deps.readModels, user.user_id, userId, organizationId);
        const profiles = await profilesOf(deps, members);
        const now = deps.clock();
        const shown = members.map((member) => ({
          member,
          doc: profiles.get(profileId(member.organization_id, member.user_id)) ?? null,
        }));
        const answer = userAnswer(
          { user_id: userId, username: members[0]!.username },
          shown,
          now,
          organizationId ?? null,
        );
        return { status: 200, body: { ...answer, ...explained(now) } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/performance/organizations/:organization_id',
      summary: "An organization's members' performance and its projects' task figures (owners and managers)",
      tags: ['performance'],
      auth: 'required',
      params: z.object({ organization_id: z.string() }),
      responses: {
        200: { description: 'The organization', schema: OrganizationPerformanceOut },
        ...refusals(401, 403, 404),
      },
      handler: async (_ctx, { params, user }) => {
        const organizationId = organizationIdParam(params.organization_id);
        const organization: OrganizationDoc = await teamSeenBy(deps.readModels, organizationId, user.user_id);
        const [members, projects, projectDocs] = await Promise.all([
          deps.readModels.find<MembershipDoc>(
            'memberships',
            { organization_id: organizationId },
            { sort: { joined_at: 1 } },
          ),
          deps.readModels.find<ProjectDoc>(
            'projects',
            { organization_id: organizationId },
            { sort: { created_at: 1 } },
          ),
          deps.readModels.find<ProjectPerformanceDoc>(SCORESQUAD_COLLECTIONS.projects, {
            organization_id: organizationId,
          }),
        ]);
        const profiles = await profilesOf(deps, members);
        const byProject = new Map(projectDocs.map((d) => [d._id, d]));
        const now = deps.clock();
        const answers = members.map((m) =>
          profileAnswer(m, profiles.get(profileId(m.organization_id, m.user_id)) ?? null, now),
        );
        return {
          status: 200,
          body: {
            organization_id: organization.id,
            name: organization.name,
            ...explained(now),
            summary: teamSummary(answers),
            members: answers,
            projects: projects.map((p) => projectAnswer(p, byProject.get(p.id) ?? null)),
          },
        };
      },
    }),
  ];
}
