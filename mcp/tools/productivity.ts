/** Code Crafters' productivity answers (:8002): a team's, a user's, a task's. */
import { z } from 'zod';
import type { AtlasApi } from '../api.js';
import { isRangeWord, RangeEnd, RangeStart, resolveRange } from '../ranges.js';
import { Organization, TaskTime, TeamProductivity, UserProductivity } from '../schemas.js';
import { hours, plural, registerReadTool, Uuid, type ToolDeps } from '../tool.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** The organization's zone, from Atlas (a 404 for anyone who is not a member). */
export async function organizationZone(api: AtlasApi, organizationId: string): Promise<string> {
  const organization = await api.get(
    'atlas',
    `/api/v1/organizations/${encodeURIComponent(organizationId)}`,
    Organization,
  );
  return organization.timezone;
}

export type TeamProductivity = z.output<typeof TeamProductivity>;

export function teamSentence(team: TeamProductivity): string {
  const workingDays = team.days.filter((d) => d.active_members > 0).length;
  const active = team.members.filter((m) => m.active_days > 0);
  const idle = team.members
    .filter((m) => m.active_days === 0)
    .map((m) => m.username)
    .sort();
  return (
    `The team averaged ${hours(team.average_productive_hours_per_day)} productive hours/day over ${plural(workingDays, 'working day')}, ` +
    `${plural(active.length, 'member')} active (${team.from} to ${team.to}, ${team.timezone}; ${hours(team.total_productive_hours)} h in all).` +
    (idle.length > 0 ? ` No activity: ${idle.join(', ')}.` : '')
  );
}

export async function teamProductivity(
  { api, clock }: ToolDeps,
  args: { org_id: string; from?: string | undefined; to?: string | undefined },
): Promise<TeamProductivity> {
  // Only a word needs the zone (one more request, to Atlas); dates and the default are the API's.
  const zone = isRangeWord(args.from) ? await organizationZone(api, args.org_id) : 'UTC';
  const range = resolveRange(args, zone, clock());
  return api.get('codecrafters', `/api/v1/productivity/teams/${encodeURIComponent(args.org_id)}`, TeamProductivity, {
    ...range,
  });
}

export function registerProductivityTools(server: McpServer, deps: ToolDeps): void {
  const { api, clock } = deps;
  registerReadTool(server, 'get_team_productivity', {
    title: "A team's productive hours",
    description:
      "An organization's productive time per day and per member: the average productive hours per working day (over the member-days with any activity), the total, and who had no activity. " +
      "For owners and managers of the organization. Use for 'how productive was my team this week'. Days are cut in the organization's time zone.",
    input: { org_id: Uuid('organization'), from: RangeStart.optional(), to: RangeEnd.optional() },
    output: TeamProductivity,
    run: async (args) => {
      const data = await teamProductivity(deps, args);
      return { data, text: teamSentence(data) };
    },
  });

  registerReadTool(server, 'get_user_productivity', {
    title: "A person's productive hours",
    description:
      "One user's productive time per day. Yourself: all your activity (days in your zone), or only what is attributed to `org_id`. " +
      "Owners and managers: a member's activity in an organization they manage. Use for 'how much did Alice work last week'.",
    input: {
      user_id: z.int().positive().describe('the Atlas user id (an integer; list_members gives them)'),
      from: RangeStart.optional(),
      to: RangeEnd.optional(),
      org_id: Uuid('organization').optional().describe('only the activity attributed to this organization'),
    },
    output: UserProductivity,
    run: async ({ user_id, from, to, org_id }) => {
      const path = `/api/v1/productivity/users/${user_id}`;
      const scope = org_id === undefined ? {} : { organization_id: org_id };
      // The zone the answer's days are cut in is the API's to decide: ask it once for a word.
      const zone = !isRangeWord(from)
        ? 'UTC'
        : org_id !== undefined
          ? await organizationZone(api, org_id)
          : (await api.get('codecrafters', path, UserProductivity, scope)).timezone;
      const range = resolveRange({ from, to }, zone, clock());
      const data = await api.get('codecrafters', path, UserProductivity, { ...scope, ...range });
      const text =
        `User ${data.user_id} had ${hours(data.total_productive_hours)} productive hours over ${plural(data.active_days, 'active day')}, ` +
        `${hours(data.average_productive_hours_per_active_day)} hours/day on average (${data.from} to ${data.to}, ${data.timezone}).`;
      return { data, text };
    },
  });

  registerReadTool(server, 'get_task_time', {
    title: 'Time spent on a task',
    description:
      'The productive time recorded on one task, per user. Owners and managers see everyone; a member sees only their own time. Use for "how long did task X take".',
    input: { task_id: Uuid('task') },
    output: TaskTime,
    run: async ({ task_id }) => {
      const data = await api.get('codecrafters', `/api/v1/productivity/tasks/${encodeURIComponent(task_id)}`, TaskTime);
      const who = data.users.map((u) => `${u.username} ${hours(u.productive_hours)} h`).join(', ');
      const text =
        `"${data.title}" (${data.status}): ${hours(data.total_productive_hours)} productive hours` +
        (data.scope === 'own' ? ' of your own time' : '') +
        (who ? ` (${who}).` : ', no activity recorded yet.');
      return { data, text };
    },
  });
}
