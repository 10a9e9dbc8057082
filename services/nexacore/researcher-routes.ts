/** Researchers: `GET/PUT /api/v1/researchers/:user_id`. */
import { z } from 'zod';
import { defineRoute, type Route } from '../../http/index.js';
import { UpdateResearcherInput, updateResearcher } from '../../write/nexacore/commands/index.js';
import { actorOf } from '../service.js';
import type { NexacoreApi } from './context.js';
import { researcherFor, sharesOrganization } from './researchers.js';
import { ResearcherOut, refusals } from './schemas.js';

// A plain string: a malformed user id names nobody, so it is a 404 like any unknown id.
const ByUser = z.object({ user_id: z.string() });

export function researcherRoutes(api: NexacoreApi): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/researchers/:user_id',
      summary: "A researcher's profile (yourself, or someone sharing an organization with you)",
      tags: ['researchers'],
      auth: 'required',
      params: ByUser,
      responses: { 200: { description: 'The researcher', schema: ResearcherOut }, ...refusals(401, 404) },
      handler: async (ctx, { params, user }) => ({
        status: 200,
        body: await researcherFor(api, params.user_id, actorOf(ctx, user)),
      }),
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/researchers/:user_id',
      summary: 'State your expertise and experience (only your own profile)',
      tags: ['researchers'],
      auth: 'required',
      params: ByUser,
      body: z.strictObject(UpdateResearcherInput.shape),
      responses: {
        200: { description: 'The researcher after the change', schema: ResearcherOut },
        ...refusals(400, 401, 403, 404, 409),
      },
      handler: async (ctx, { params, body, user }) => ({
        status: 200,
        body: await updateResearcher(
          api.commands,
          { ...body, user_id: params.user_id },
          actorOf(ctx, user),
          sharesOrganization(api.deps.readModels),
        ),
      }),
    }),
  ];
}
