/**
 * Atlas's MCP server: read-only tools over the Atlas and partner APIs, the organization summary
 * resource, and the weekly report prompt. One server speaks for one user: every request it makes
 * carries that user's token, so it sees exactly what the user sees on the dashboard.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ApiRefusal, atlasApi, type ServiceUrls, type TokenSource } from './api.js';
import { Member, MyOrganization, page, Project } from './schemas.js';
import type { ToolDeps } from './tool.js';
import { registerOrganizationTools } from './tools/organizations.js';
import { registerPartnerTools } from './tools/partners.js';
import { registerProductivityTools, teamProductivity, teamSentence } from './tools/productivity.js';

export const MCP_SERVER_NAME = 'atlas';
export const MCP_SERVER_VERSION = '0.1.0';

export interface AtlasMcpOptions {
  urls: ServiceUrls;
  token: string | TokenSource;
  clock?: () => Date;
  fetch?: typeof fetch;
}

export function createAtlasMcpServer(options: AtlasMcpOptions): McpServer {
  const deps: ToolDeps = {
    api: atlasApi({ urls: options.urls, token: options.token, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    clock: options.clock ?? (() => new Date()),
  };
  const server = new McpServer(
    { name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION },
    {
      instructions:
        "Atlas answers questions about teams: productive hours (Code Crafters), research labs (NexaCore), performance ratings (ScoreSquad), organizations, projects, tasks and their history. Everything is read-only and limited to what the signed-in user may see. Call list_organizations first to find ids; ranges take dates (YYYY-MM-DD) or this_week, last_week, this_month, resolved in the organization's time zone.",
    },
  );
  registerProductivityTools(server, deps);
  registerOrganizationTools(server, deps);
  registerPartnerTools(server, deps);
  registerSummary(server, deps);
  registerWeeklyReport(server);
  return server;
}

/** `atlas://organizations/{id}/summary`: members, projects and this week's productivity. */
function registerSummary(server: McpServer, deps: ToolDeps): void {
  const { api } = deps;
  server.registerResource(
    'organization_summary',
    new ResourceTemplate('atlas://organizations/{id}/summary', {
      list: async () => {
        const organizations = await api.get('atlas', '/api/v1/organizations', page(MyOrganization), { limit: 100 });
        return {
          resources: organizations.items.map((o) => ({
            uri: `atlas://organizations/${o.id}/summary`,
            name: `${o.name} summary`,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    {
      title: 'Organization summary',
      description:
        "An organization's members, projects and this week's productivity (the latter for owners and managers).",
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const id = String(variables.id);
      const path = `/api/v1/organizations/${encodeURIComponent(id)}`;
      const [members, projects] = await Promise.all([
        api.get('atlas', `${path}/members`, page(Member), { limit: 100 }),
        api.get('atlas', `${path}/projects`, page(Project), { limit: 100 }),
      ]);
      let productivity: unknown;
      let sentence: string;
      try {
        const team = await teamProductivity(deps, { org_id: id, from: 'this_week' });
        productivity = team;
        sentence = teamSentence(team);
      } catch (error) {
        if (!(error instanceof ApiRefusal) || error.status !== 403) throw error;
        productivity = null;
        sentence = "This week's team productivity is for owners and managers only.";
      }
      const summary = {
        organization_id: id,
        summary: sentence,
        members,
        projects,
        productivity_this_week: productivity,
      };
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(summary, null, 2) }] };
    },
  );
}

/** A prompt that asks the assistant to write the weekly report from the tools. */
function registerWeeklyReport(server: McpServer): void {
  server.registerPrompt(
    'weekly_team_report',
    {
      title: 'Weekly team report',
      description: "Write this week's report for an organization from Atlas's tools.",
      argsSchema: { org_id: z.string().describe("the organization's id (list_organizations gives it)") },
    },
    ({ org_id }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `Write a short weekly report for the organization ${org_id}, for its manager.`,
              `1. Call get_team_productivity with org_id "${org_id}" and from "this_week", and again with from "last_week" to compare.`,
              `2. Call list_projects with org_id "${org_id}", then list_tasks for each active project with status "completed" and "started".`,
              `3. Call get_performance with org_id "${org_id}" for the ratings, and get_lab_analytics if the organization is a lab.`,
              'Report: the average productive hours per working day this week against last week, who had no activity, what was completed and what is under way, and anything that needs attention. ' +
                'Use only the numbers the tools return; if a tool answers with an error, say what could not be seen and why.',
            ].join('\n'),
          },
        },
      ],
    }),
  );
}
