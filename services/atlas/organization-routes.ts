/** Organizations and their members. Only members see an organization; owners and managers change it. */
import { z } from 'zod';
import { defineRoute, type Route } from '../../http/index.js';
import {
  AddMemberInput,
  ChangeMemberRoleInput,
  CreateOrganizationInput,
  RenameOrganizationInput,
  addMember,
  changeMemberRole,
  createOrganization,
  getOrganization,
  renameOrganization,
} from '../../write/atlas/commands/index.js';
import { actorOf } from '../service.js';
import type { AtlasApi } from './context.js';
import { ById } from './query-schemas.js';
import { MemberOut, OrganizationOut, refusals } from './schemas.js';

const MemberAnswer = MemberOut.extend({ organization_id: z.uuid() });

export function organizationRoutes(api: AtlasApi): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/organizations',
      summary: 'Create an organization; you become its owner',
      tags: ['organizations'],
      auth: 'required',
      body: z.strictObject(CreateOrganizationInput.shape),
      responses: {
        201: { description: 'The organization', schema: OrganizationOut },
        ...refusals(400, 401),
        404: { description: 'The token names no registered user (problem+json)' },
      },
      handler: async (ctx, { body, user }) => {
        const organization = await createOrganization(api.deps, body, actorOf(ctx, user));
        return { status: 201, body: organization, headers: { Location: `/api/v1/organizations/${organization.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/organizations/:id',
      summary: 'An organization you are a member of, with its members',
      tags: ['organizations'],
      auth: 'required',
      params: ById,
      responses: { 200: { description: 'The organization', schema: OrganizationOut }, ...refusals(401, 404) },
      handler: async (ctx, { params, user }) => ({
        status: 200,
        body: await getOrganization(api.deps, { organization_id: params.id }, actorOf(ctx, user)),
      }),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/organizations/:id',
      summary: 'Rename an organization (owners and managers)',
      tags: ['organizations'],
      auth: 'required',
      params: ById,
      body: z.strictObject(RenameOrganizationInput.shape),
      responses: {
        200: { description: 'The organization', schema: OrganizationOut },
        ...refusals(400, 401, 403, 404, 409),
      },
      handler: async (ctx, { params, body, user }) => ({
        status: 200,
        body: await renameOrganization(api.deps, { ...body, organization_id: params.id }, actorOf(ctx, user)),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/organizations/:id/members',
      summary:
        'Add a user (by `user_id` or by `username`) to an organization with a role (owners and managers; only owners add owners)',
      tags: ['organizations'],
      auth: 'required',
      params: ById,
      body: AddMemberInput,
      responses: { 201: { description: 'The membership', schema: MemberAnswer }, ...refusals(400, 401, 403, 404, 409) },
      handler: async (ctx, { params, body, user }) => ({
        status: 201,
        body: await addMember(api.deps, { ...body, organization_id: params.id }, actorOf(ctx, user)),
      }),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/organizations/:id/members/:user_id',
      summary: "Change a member's role",
      tags: ['organizations'],
      auth: 'required',
      params: z.object({ id: z.string(), user_id: z.string() }),
      body: z.strictObject(ChangeMemberRoleInput.shape),
      responses: { 200: { description: 'The membership', schema: MemberAnswer }, ...refusals(400, 401, 403, 404, 409) },
      handler: async (ctx, { params, body, user }) => ({
        status: 200,
        body: await changeMemberRole(
          api.deps,
          { ...body, organization_id: params.id, user_id: params.user_id },
          actorOf(ctx, user),
        ),
      }),
    }),
  ];
}
