/**
 * `GET /api/v1/performance/organizations/:organization_id/live`: a notice whenever something that
 * changes a member's rating, or the organization's figures, is in the performance read models
 * (docs/live.md): a member joined (their profile), a task was completed (the assignee's counts and
 * the project's), a review was submitted, peer feedback was given. Owners and managers get every
 * member's, a plain member only their own; to anyone else the organization does not exist (404).
 * A notice names the organization and the member at most: no score, no comment.
 */
import { z } from 'zod';
import { defineRoute, notFound, parseLastEventId, type Route } from '../../http/index.js';
import { membershipOf } from '../../projections/atlas/access.js';
import { membershipsProjection } from '../../projections/atlas/memberships.js';
import { eventReader } from '../../projections/event-reader.js';
import type { ReadModels } from '../../projections/read-models.js';
import { performanceProjection } from '../../projections/scoresquad/projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import { MemberAdded, MemberRoleChanged, TaskCompleted } from '../../write/atlas/events.js';
import { UserIdSchema } from '../../write/schemas.js';
import { FeedbackGiven, ReviewSubmitted } from '../../write/scoresquad/events.js';
import type { LiveHub } from '../live/hub.js';
import { notice, roleChange, type LiveItem, type LiveSource, type Notice } from '../live/notice.js';
import { teamOrOwn } from '../live/scope.js';
import { liveResponses, type NoticeEvents } from '../live/stream-spec.js';
import { organizationIdParam } from './visibility.js';

const read = eventReader(MemberAdded, MemberRoleChanged, TaskCompleted, ReviewSubmitted, FeedbackGiven);

export const RatingNotice = z.object({
  organization_id: z.uuid(),
  user_id: UserIdSchema.optional().describe(
    'The member whose rating changed; absent when only the organization’s figures did (a task completed unassigned)',
  ),
});

export const scoresquadNotices: NoticeEvents = {
  rating: {
    description: 'A member’s rating inputs (or the organization’s task figures) changed: refetch the performance',
    data: RatingNotice,
  },
};

const rating = (position: number, organization_id: string, user_id: number | null): LiveItem =>
  user_id === null
    ? notice({ position, event: 'rating', organization_id, data: { organization_id } })
    : notice({ position, event: 'rating', organization_id, user_id, data: { organization_id, user_id } });

function itemsOf(stored: StoredEvent): readonly LiveItem[] {
  const event = read(stored);
  const { position } = stored;
  switch (event?.type) {
    case 'atlas.MemberAdded': {
      const { organization_id, user_id, role } = event.data;
      return [roleChange({ position, organization_id, user_id, role }), rating(position, organization_id, user_id)];
    }
    case 'atlas.MemberRoleChanged': {
      const { organization_id, user_id, role } = event.data;
      return [roleChange({ position, organization_id, user_id, role })];
    }
    case 'atlas.TaskCompleted':
      return [rating(position, event.data.organization_id, event.data.assignee_id)];
    case 'scoresquad.ReviewSubmitted':
      return [rating(position, event.data.organization_id, event.data.employee_id)];
    case 'scoresquad.FeedbackGiven':
      return [rating(position, event.data.organization_id, event.data.to_user_id)];
    default:
      return [];
  }
}

/** Consecutive notices about the same member (or the same organization's figures) are one. */
const merge = (previous: Notice, next: Notice): Notice | undefined =>
  previous.organization_id === next.organization_id && previous.user_id === next.user_id ? next : undefined;

export const scoresquadLive: LiveSource = {
  name: 'scoresquad',
  projections: [performanceProjection.name, membershipsProjection.name],
  itemsOf,
  sees: teamOrOwn,
  merge,
};

export function liveRoutes(readModels: ReadModels, hub: LiveHub): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/performance/organizations/:organization_id/live',
      summary: 'Live notices of changes to the members’ ratings (server-sent events)',
      description:
        'A notice once the performance read models have a change: owners and managers get every member’s, a member ' +
        'only their own. Resumes after `Last-Event-ID`; ends with `expired` when the token does (docs/live.md).',
      tags: ['performance', 'live'],
      auth: 'required',
      params: z.object({ organization_id: z.string() }),
      responses: liveResponses(hub.spec, 'No organization of yours has this id'),
      handler: async (ctx, { params, user }) => {
        const lastEventId = parseLastEventId(ctx.headers['last-event-id']);
        const organizationId = organizationIdParam(params.organization_id);
        const viewer = async () => {
          const membership = await membershipOf(readModels, organizationId, user.user_id);
          if (!membership) throw notFound('organization not found');
          return { user_id: user.user_id, organization_id: organizationId, role: membership.role };
        };
        await viewer(); // an outsider is refused before anything starts
        return hub.open(ctx, { user, lastEventId, viewer });
      },
    }),
  ];
}
