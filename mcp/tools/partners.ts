/** NexaCore's lab analytics (:8001) and ScoreSquad's performance ratings (:8003). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { LabAnalytics, OrganizationPerformance, Performance, UserPerformance } from '../schemas.js';
import { hours, plural, registerReadTool, ToolRefusal, Uuid, type ToolDeps } from '../tool.js';

const rating = (value: number | null | undefined) =>
  value === null || value === undefined ? 'not rated yet' : `${value}`;

export function registerPartnerTools(server: McpServer, { api }: ToolDeps): void {
  registerReadTool(server, 'get_lab_analytics', {
    title: "A research lab's analytics",
    description:
      "NexaCore's figures for an organization's lab: researchers and their expertise, projects, tasks (completion rate, median cycle time) and this week's activity. For members of the organization.",
    input: { org_id: Uuid('organization') },
    output: LabAnalytics,
    run: async ({ org_id }) => {
      const data = await api.get('nexacore', `/api/v1/labs/${encodeURIComponent(org_id)}/analytics`, LabAnalytics);
      const rate =
        data.tasks.completion_rate === null
          ? 'no tasks yet'
          : `${Math.round(data.tasks.completion_rate * 100)}% completed`;
      const week = data.activity_this_week
        ? `, ${hours(data.activity_this_week.active_hours)} active hours this week`
        : '';
      return {
        data,
        text: `${data.lab_name}: ${plural(data.researchers.count, 'researcher')}, ${plural(data.projects.active, 'active project')}, ${plural(data.tasks.total, 'task')} (${rate})${week}.`,
      };
    },
  });

  registerReadTool(server, 'get_performance', {
    title: 'Performance ratings',
    description:
      "ScoreSquad's ratings with their components (reviews, peer feedback, delivery). Give `user_id` for one person (yourself, or a member of an organization you own or manage) or `org_id` for an organization's members and projects (owners and managers). Exactly one of the two.",
    input: {
      user_id: z.int().positive().optional().describe('the Atlas user id'),
      org_id: Uuid('organization').optional(),
    },
    output: Performance,
    run: async ({ user_id, org_id }) => {
      if ((user_id === undefined) === (org_id === undefined))
        throw new ToolRefusal('Give exactly one of user_id (a person) or org_id (an organization).');
      if (user_id !== undefined) {
        const data = await api.get('scoresquad', `/api/v1/performance/users/${user_id}`, UserPerformance);
        return { data, text: `${data.username}'s overall rating: ${rating(data.overall_rating)}.` };
      }
      const data = await api.get(
        'scoresquad',
        `/api/v1/performance/organizations/${encodeURIComponent(org_id!)}`,
        OrganizationPerformance,
      );
      return {
        data,
        text: `${plural(data.summary.rated_members, 'member')} of ${data.summary.members} rated; mean overall rating ${rating(data.summary.mean_overall_rating)}.`,
      };
    },
  });
}
