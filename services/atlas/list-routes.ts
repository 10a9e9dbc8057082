/**
 * The list routes on :8000 over Atlas's read models: my organizations, an organization's members
 * and projects, a project's tasks. Only members see an organization and what is in it; to anyone
 * else it does not exist (404), as on the command routes. Paginated by cursor (page.ts).
 *
 * The read models follow the log within milliseconds: a resource just created through a command
 * route shows up here a moment later.
 */
import { z } from 'zod';
import { defineRoute, notFound, type Route } from '../../http/index.js';
import { MemberOut, ProjectOut, TaskOut, refusals } from './schemas.js';
import { RoleSchema } from '../../write/schemas.js';
import type { Filter } from '../../stores/reads/port.js';
import type { ReadModels } from '../../projections/read-models.js';
import {
  ATLAS_COLLECTIONS,
  type MembershipDoc,
  type OrganizationDoc,
  type ProjectDoc,
  type TaskDoc,
} from '../../projections/atlas/models.js';
import { pageOf } from './page.js';
import { BooleanParam, ById, PageQuery, UserIdParam, isUuid, pageAnswer } from './query-schemas.js';
import { memberOrNotFound } from './visibility.js';

const Instant = z.iso.datetime();

/** An organization as one of its members sees it in their list: with their role. */
export const MyOrganizationOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    owner_id: z.int().positive(),
    personal: z.boolean(),
    timezone: z.string(),
    created_at: Instant,
    member_count: z.int().nonnegative(),
    role: RoleSchema,
    joined_at: Instant,
  })
  .meta({ id: 'MyOrganization' });

const TaskStatusParam = z.enum(['open', 'started', 'completed']);

export function listRoutes({ readModels }: { readModels: ReadModels }): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/organizations',
      summary: 'The organizations you are a member of, with your role, in the order you joined them',
      tags: ['organizations'],
      auth: 'required',
      query: PageQuery,
      responses: {
        200: { description: 'A page of your organizations', schema: pageAnswer(MyOrganizationOut) },
        ...refusals(400, 401),
      },
      handler: async (_ctx, { query, user }) => {
        const page = await pageOf<MembershipDoc>(
          readModels,
          ATLAS_COLLECTIONS.memberships,
          { user_id: user.user_id },
          'joined_at',
          query,
        );
        const ids = page.items.map((membership) => membership.organization_id);
        const organizations = await readModels.find<OrganizationDoc>(ATLAS_COLLECTIONS.organizations, {
          _id: { $in: ids },
        });
        const byId = new Map(organizations.map((organization) => [organization._id, organization]));
        // Two projections: an organization may trail its first membership by a few milliseconds.
        const items = page.items.flatMap((membership) => {
          const organization = byId.get(membership.organization_id);
          return organization ? [{ ...organization, role: membership.role, joined_at: membership.joined_at }] : [];
        });
        return { status: 200, body: { ...page, items } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/organizations/:id/members',
      summary: "An organization's members and their roles, in the order they joined (members only)",
      tags: ['organizations'],
      auth: 'required',
      params: ById,
      query: PageQuery,
      responses: {
        200: { description: 'A page of members', schema: pageAnswer(MemberOut) },
        ...refusals(400, 401, 404),
      },
      handler: async (_ctx, { params, query, user }) => {
        const { organization_id } = await memberOrNotFound(readModels, params.id, user.user_id, 'organization');
        return {
          status: 200,
          body: await pageOf<MembershipDoc>(
            readModels,
            ATLAS_COLLECTIONS.memberships,
            { organization_id },
            'joined_at',
            query,
          ),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/organizations/:id/projects',
      summary: "An organization's projects, oldest first (members only)",
      tags: ['projects'],
      auth: 'required',
      params: ById,
      query: PageQuery.extend({
        archived: BooleanParam.optional().describe('true: archived projects only; false: active ones only'),
      }),
      responses: {
        200: { description: 'A page of projects', schema: pageAnswer(ProjectOut) },
        ...refusals(400, 401, 404),
      },
      handler: async (_ctx, { params, query, user }) => {
        const { organization_id } = await memberOrNotFound(readModels, params.id, user.user_id, 'organization');
        const filter: Filter = {
          organization_id,
          ...(query.archived === undefined ? {} : { archived: query.archived }),
        };
        return {
          status: 200,
          body: await pageOf<ProjectDoc>(readModels, ATLAS_COLLECTIONS.projects, filter, 'created_at', query),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/projects/:id/tasks',
      summary: "A project's tasks, oldest first, by status and assignee (members only)",
      tags: ['tasks'],
      auth: 'required',
      params: ById,
      query: PageQuery.extend({
        status: TaskStatusParam.optional().describe('Only tasks in this status'),
        assignee_id: UserIdParam.optional().describe('Only tasks assigned to this user'),
      }),
      responses: { 200: { description: 'A page of tasks', schema: pageAnswer(TaskOut) }, ...refusals(400, 401, 404) },
      handler: async (_ctx, { params, query, user }) => {
        const project = isUuid(params.id)
          ? await readModels.findOne<ProjectDoc>(ATLAS_COLLECTIONS.projects, { _id: params.id.toLowerCase() })
          : null;
        if (!project) throw notFound('project not found');
        await memberOrNotFound(readModels, project.organization_id, user.user_id, 'project');
        const filter: Filter = {
          project_id: project.id,
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.assignee_id === undefined ? {} : { assignee_id: query.assignee_id }),
        };
        return {
          status: 200,
          body: await pageOf<TaskDoc>(readModels, ATLAS_COLLECTIONS.tasks, filter, 'created_at', query),
        };
      },
    }),
  ];
}
