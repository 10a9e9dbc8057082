/** Labs: `GET/PATCH /api/v1/labs/:organization_id`, its researchers and analytics, and the caller's labs. */
import { z } from 'zod';
import { defineRoute, type Route } from '../../http/index.js';
import { EditLabInput, editLab } from '../../write/nexacore/commands/index.js';
import { labAnalytics } from './analytics.js';
import { actorOf } from '../service.js';
import type { NexacoreApi } from './context.js';
import { labFor, labsOf, membersOf } from './labs.js';
import { profilesOf } from './researchers.js';
import { AnalyticsOut, LabOut, LabResearchersOut, MyLabOut, refusals } from './schemas.js';

// A plain string, not z.uuid(): a malformed id names no lab, so it is a 404 like any unknown id.
const ByLab = z.object({ organization_id: z.string() });

export function labRoutes(api: NexacoreApi): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/labs',
      summary: 'The labs of the organizations you belong to, with your role',
      tags: ['labs'],
      auth: 'required',
      responses: { 200: { description: 'Your labs', schema: z.object({ labs: z.array(MyLabOut) }) }, ...refusals(401) },
      handler: async (ctx, { user }) => ({ status: 200, body: { labs: await labsOf(api, actorOf(ctx, user)) } }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/labs/:organization_id',
      summary: "An organization's lab profile (members); created on the first request if need be",
      tags: ['labs'],
      auth: 'required',
      params: ByLab,
      responses: { 200: { description: 'The lab', schema: LabOut }, ...refusals(401, 404) },
      handler: async (ctx, { params, user }) => {
        const { profile } = await labFor(api, params.organization_id, actorOf(ctx, user));
        return { status: 200, body: profile };
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/labs/:organization_id',
      summary: "Rename a lab or set its domain (the organization's owners and managers)",
      description: 'A lab keeps its organization\'s name until renamed here. `domain: null` (or "") clears the domain.',
      tags: ['labs'],
      auth: 'required',
      params: ByLab,
      // At least one of the two fields, checked here with the request like every other rule (editLab's
      // own refinement); JSON Schema cannot see a refinement, so the document says minProperties.
      body: EditLabInput.strict().meta({ minProperties: 1 }),
      responses: {
        200: { description: 'The lab after the change', schema: LabOut },
        ...refusals(400, 401, 403, 404, 409),
      },
      handler: async (ctx, { params, body, user }) => ({
        status: 200,
        body: await editLab(api.commands, { ...body, organization_id: params.organization_id }, actorOf(ctx, user)),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/labs/:organization_id/researchers',
      summary: "A lab's researchers: its organization's members with their profiles",
      tags: ['labs'],
      auth: 'required',
      params: ByLab,
      responses: {
        200: { description: 'The researchers, in the order they joined', schema: LabResearchersOut },
        ...refusals(401, 404),
      },
      handler: async (ctx, { params, user }) => {
        const actor = actorOf(ctx, user);
        const { profile } = await labFor(api, params.organization_id, actor);
        const members = await membersOf(api, profile.organization_id);
        const profiles = await profilesOf(api, members, actor);
        const researchers = profiles.map((researcher, i) => ({
          ...researcher,
          role: members[i]!.role,
          joined_at: members[i]!.joined_at,
        }));
        return { status: 200, body: { organization_id: profile.organization_id, researchers } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/labs/:organization_id/analytics',
      summary: "A lab's researchers, expertise, projects, tasks and this week's activity (members)",
      tags: ['labs'],
      auth: 'required',
      params: ByLab,
      responses: { 200: { description: 'The figures', schema: AnalyticsOut }, ...refusals(401, 404) },
      handler: async (ctx, { params, user }) => ({
        status: 200,
        body: await labAnalytics(api, params.organization_id, actorOf(ctx, user)),
      }),
    }),
  ];
}
