/**
 * `GET /api/v1/organizations/:id/live`: a notice per change of the organization, its members,
 * projects and tasks, once Atlas's read models have it (docs/live.md). Every member sees all of
 * them (as on the list routes); to anyone else the organization does not exist (404). A notice
 * names the event's type and ids, never a name, a title or a description.
 */
import { z } from 'zod';
import { defineRoute, parseLastEventId, type Route } from '../../http/index.js';
import { membershipsProjection } from '../../projections/atlas/memberships.js';
import { organizationsProjection } from '../../projections/atlas/organizations.js';
import { projectsProjection } from '../../projections/atlas/projects.js';
import { tasksProjection } from '../../projections/atlas/tasks.js';
import type { ReadModels } from '../../projections/read-models.js';
import { eventReader } from '../../projections/event-reader.js';
import type { StoredEvent } from '../../stores/events/port.js';
import {
  MemberAdded,
  MemberRoleChanged,
  OrganizationCreated,
  OrganizationRenamed,
  ProjectArchived,
  ProjectCreated,
  TaskAssigned,
  TaskCompleted,
  TaskCreated,
  TaskStarted,
} from '../../write/atlas/events.js';
import { UserIdSchema } from '../../write/schemas.js';
import type { LiveHub } from '../live/hub.js';
import { notice, type LiveItem, type LiveSource } from '../live/notice.js';
import { everyMember } from '../live/scope.js';
import { liveResponses, type NoticeEvents } from '../live/stream-spec.js';
import { ById } from './query-schemas.js';
import { memberOrNotFound } from './visibility.js';

const read = eventReader(
  OrganizationCreated,
  OrganizationRenamed,
  MemberAdded,
  MemberRoleChanged,
  ProjectCreated,
  ProjectArchived,
  TaskCreated,
  TaskAssigned,
  TaskStarted,
  TaskCompleted,
);

export const OrganizationNotice = z.object({
  organization_id: z.uuid(),
  project_id: z.uuid().optional(),
  task_id: z.uuid().optional(),
  user_id: UserIdSchema.optional().describe('The member (member notices), or the task’s assignee'),
  type: z.string().describe('The event’s type, e.g. `atlas.TaskCompleted`'),
});

const described = (description: string) => ({ description, data: OrganizationNotice });

export const atlasNotices: NoticeEvents = {
  organization: described('The organization was created or renamed'),
  member: described('A member was added, or their role changed'),
  project: described('A project was created or archived'),
  task: described('A task was created, assigned, started or completed'),
};

function itemsOf(stored: StoredEvent): readonly LiveItem[] {
  const event = read(stored);
  if (event === null) return [];
  const { type } = event;
  const at = { position: stored.position, organization_id: event.data.organization_id };
  switch (event.type) {
    case 'atlas.OrganizationCreated':
    case 'atlas.OrganizationRenamed':
      return [notice({ ...at, event: 'organization', data: { organization_id: at.organization_id, type } })];
    case 'atlas.MemberAdded':
    case 'atlas.MemberRoleChanged': {
      const { organization_id, user_id } = event.data;
      return [notice({ ...at, event: 'member', user_id, data: { organization_id, user_id, type } })];
    }
    case 'atlas.ProjectCreated':
    case 'atlas.ProjectArchived': {
      const { organization_id, project_id } = event.data;
      return [notice({ ...at, event: 'project', data: { organization_id, project_id, type } })];
    }
    case 'atlas.TaskCreated':
    case 'atlas.TaskAssigned':
    case 'atlas.TaskStarted':
    case 'atlas.TaskCompleted': {
      const { organization_id, project_id, task_id } = event.data;
      const assignee = event.type === 'atlas.TaskCreated' ? null : event.data.assignee_id;
      const data = { organization_id, project_id, task_id, ...(assignee === null ? {} : { user_id: assignee }), type };
      return [notice({ ...at, event: 'task', data })];
    }
  }
}

export const atlasLive: LiveSource = {
  name: 'atlas',
  projections: [organizationsProjection, membershipsProjection, projectsProjection, tasksProjection].map((p) => p.name),
  itemsOf,
  sees: everyMember,
};

export function liveRoutes(readModels: ReadModels, hub: LiveHub): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/organizations/:id/live',
      summary: 'Live notices of an organization’s changes: members, projects, tasks (server-sent events)',
      description:
        'A notice once Atlas’s read models have the change, for every member. Resumes after `Last-Event-ID`; ' +
        'ends with `expired` when the token does (docs/live.md).',
      tags: ['organizations', 'live'],
      auth: 'required',
      params: ById,
      responses: liveResponses(hub.spec, 'No organization of yours has this id'),
      handler: async (ctx, { params, user }) => {
        const lastEventId = parseLastEventId(ctx.headers['last-event-id']);
        const viewer = async () => {
          const membership = await memberOrNotFound(readModels, params.id, user.user_id, 'organization');
          return { user_id: user.user_id, organization_id: membership.organization_id, role: membership.role };
        };
        await viewer(); // an outsider is refused before anything starts
        return hub.open(ctx, { user, lastEventId, viewer });
      },
    }),
  ];
}
