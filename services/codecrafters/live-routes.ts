/**
 * `GET /api/v1/productivity/live?organization_id=`: a notice per run of a member's activity once
 * the rollups (and the sessions) have it (docs/live.md). Owners and managers get every member's,
 * a plain member only their own; to anyone else, or for a malformed id, the organization does
 * not exist (404), as on the team route. A notice carries the organization, the member and the
 * days it touched (in the organization's zone), never a count.
 *
 * Tasks: Code Crafters' own read models do not read Atlas's task events (its task answers read
 * Atlas's `tasks` model), so task changes come from Atlas's stream (`/api/v1/organizations/:id/live`).
 */
import { z } from 'zod';
import { defineRoute, notFound, parseLastEventId, type Route } from '../../http/index.js';
import { membershipOf } from '../../projections/atlas/access.js';
import { membershipsProjection } from '../../projections/atlas/memberships.js';
import { codecraftersProjection, sessionsProjection } from '../../projections/codecrafters/index.js';
import { readEvent } from '../../projections/codecrafters/read.js';
import type { StoredEvent } from '../../stores/events/port.js';
import { isUuid, LocalDateSchema, UserIdSchema } from '../../write/schemas.js';
import type { LiveHub } from '../live/hub.js';
import { notice, roleChange, type LiveItem, type LiveSource, type Notice } from '../live/notice.js';
import { teamOrOwn } from '../live/scope.js';
import { liveResponses, type NoticeEvents } from '../live/stream-spec.js';
import type { CodecraftersContext } from './context.js';

export const ActivityNotice = z.object({
  organization_id: z.uuid(),
  user_id: UserIdSchema,
  dates: z.array(LocalDateSchema).describe("The days touched, in the organization's zone"),
});

export const codecraftersNotices: NoticeEvents = {
  activity: {
    description: "A member's activity in the organization reached the rollups: refetch the team's or the member's days",
    data: ActivityNotice,
  },
};

const READ = new Set(['codecrafters.ActivityRecorded', 'atlas.MemberAdded', 'atlas.MemberRoleChanged']);

function itemsOf(stored: StoredEvent): readonly LiveItem[] {
  if (!READ.has(stored.type)) return [];
  const event = readEvent(stored);
  const position = stored.position;
  switch (event?.type) {
    case 'codecrafters.ActivityRecorded': {
      const { organization_id, user_id, org_date } = event.data;
      return [
        notice({
          position,
          event: 'activity',
          organization_id,
          user_id,
          data: { organization_id, user_id, dates: [org_date] },
        }),
      ];
    }
    case 'atlas.MemberAdded':
    case 'atlas.MemberRoleChanged': {
      const { organization_id, user_id, role } = event.data;
      return [roleChange({ position, organization_id, user_id, role })];
    }
    default:
      return [];
  }
}

/** One member's consecutive activity is one notice, with the days of both. */
function merge(previous: Notice, next: Notice): Notice | undefined {
  if (previous.organization_id !== next.organization_id || previous.user_id !== next.user_id) return undefined;
  const dates = new Set([...(previous.data.dates as string[]), ...(next.data.dates as string[])]);
  return { ...next, data: { ...next.data, dates: [...dates].sort() } };
}

export const codecraftersLive: LiveSource = {
  name: 'codecrafters',
  projections: [codecraftersProjection.name, sessionsProjection.name, membershipsProjection.name],
  itemsOf,
  sees: teamOrOwn,
  merge,
};

export function liveRoutes(api: CodecraftersContext, hub: LiveHub): Route[] {
  const { readModels } = api.deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/productivity/live',
      summary: "Live notices of an organization's activity (server-sent events)",
      description:
        'A notice once activity of the organization is in the rollups: owners and managers get every member’s, ' +
        'a member only their own. Resumes after `Last-Event-ID`; ends with `expired` when the token does (docs/live.md).',
      tags: ['productivity', 'live'],
      auth: 'required',
      query: z.object({ organization_id: z.string().describe('The organization (its UUID)') }),
      responses: liveResponses(hub.spec, 'No organization of yours has this id'),
      handler: async (ctx, { query, user }) => {
        const lastEventId = parseLastEventId(ctx.headers['last-event-id']);
        const organizationId = query.organization_id.toLowerCase();
        const viewer = async () => {
          const membership = isUuid(organizationId)
            ? await membershipOf(readModels, organizationId, user.user_id)
            : null;
          if (!membership) throw notFound(`no organization ${query.organization_id}`);
          return { user_id: user.user_id, organization_id: organizationId, role: membership.role };
        };
        await viewer(); // an outsider is refused before anything starts
        return hub.open(ctx, { user, lastEventId, viewer });
      },
    }),
  ];
}
