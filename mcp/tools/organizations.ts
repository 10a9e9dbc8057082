/** Atlas's lists (:8000): organizations, members, projects, tasks, and an entity's audit trail. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { AuditTrail, Member, MyOrganization, page, Project, Task } from '../schemas.js';
import { PageInput, plural, registerReadTool, ToolRefusal, Uuid, type ToolDeps } from '../tool.js';

const more = (next: string | null) => (next === null ? '' : ' More on the next page (pass next_cursor as cursor).');

export function registerOrganizationTools(server: McpServer, { api }: ToolDeps): void {
  registerReadTool(server, 'list_organizations', {
    title: 'Your organizations',
    description:
      "The organizations the user belongs to, with their role and time zone. Start here to find an organization's id.",
    input: { ...PageInput },
    output: page(MyOrganization),
    run: async (args) => {
      const data = await api.get('atlas', '/api/v1/organizations', page(MyOrganization), args);
      const names = data.items.map((o) => `${o.name} (${o.role}, ${o.id})`).join('; ');
      return { data, text: `${plural(data.total, 'organization')}: ${names}.${more(data.next_cursor)}` };
    },
  });

  registerReadTool(server, 'list_members', {
    title: "An organization's members",
    description:
      "An organization's members, their user ids and roles (owner, manager, member), in the order they joined.",
    input: { org_id: Uuid('organization'), ...PageInput },
    output: page(Member),
    run: async ({ org_id, ...paging }) => {
      const data = await api.get(
        'atlas',
        `/api/v1/organizations/${encodeURIComponent(org_id)}/members`,
        page(Member),
        paging,
      );
      const names = data.items.map((m) => `${m.username} (${m.role}, user ${m.user_id})`).join(', ');
      return { data, text: `${plural(data.total, 'member')}: ${names}.${more(data.next_cursor)}` };
    },
  });

  registerReadTool(server, 'list_projects', {
    title: "An organization's projects",
    description: "An organization's projects, oldest first, with their ids and whether they are archived.",
    input: { org_id: Uuid('organization'), ...PageInput },
    output: page(Project),
    run: async ({ org_id, ...paging }) => {
      const data = await api.get(
        'atlas',
        `/api/v1/organizations/${encodeURIComponent(org_id)}/projects`,
        page(Project),
        paging,
      );
      const names = data.items.map((p) => `${p.name}${p.archived ? ' (archived)' : ''}`).join(', ');
      return { data, text: `${plural(data.total, 'project')}: ${names}.${more(data.next_cursor)}` };
    },
  });

  registerReadTool(server, 'list_tasks', {
    title: "A project's tasks",
    description:
      "A project's tasks, oldest first, with status and assignee; `status` keeps only open, started or completed ones.",
    input: {
      project_id: Uuid('project'),
      status: z.enum(['open', 'started', 'completed']).optional().describe('only tasks in this status'),
      ...PageInput,
    },
    output: page(Task),
    run: async ({ project_id, ...query }) => {
      const data = await api.get(
        'atlas',
        `/api/v1/projects/${encodeURIComponent(project_id)}/tasks`,
        page(Task),
        query,
      );
      const byStatus = ['open', 'started', 'completed']
        .map((s) => [s, data.items.filter((t) => t.status === s).length] as const)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ');
      return {
        data,
        text: `${plural(data.total, 'task')}${byStatus ? ` (this page: ${byStatus})` : ''}.${more(data.next_cursor)}`,
      };
    },
  });

  registerReadTool(server, 'get_audit_trail', {
    title: 'The history of a task, project or organization',
    description:
      'The events recorded for one task, project or organization (created, assigned, started, completed, members added …), oldest first, with who did it and when. For owners and managers.',
    input: {
      entity_type: z.enum(['task', 'project', 'organization']),
      entity_id: Uuid('entity'),
      limit: PageInput.limit,
      cursor: z
        .string()
        .regex(/^\d{1,15}$/, 'the next_from_revision of the previous page')
        .optional()
        .describe('`next_from_revision` of the previous page'),
    },
    output: AuditTrail,
    run: async ({ entity_type, entity_id, limit, cursor }) => {
      if (!/^[0-9a-fA-F-]{36}$/.test(entity_id))
        throw new ToolRefusal(
          `"${entity_id}" is not a ${entity_type} id (a UUID): find it with list_organizations, list_projects or list_tasks`,
        );
      const data = await api.get('atlas', `/api/v1/audit/streams/atlas-${entity_type}-${entity_id}`, AuditTrail, {
        limit,
        from_revision: cursor,
      });
      const steps = data.events.map((e) => `${e.type} (${e.metadata.occurred_at})`).join(', ');
      const next = data.next_from_revision === null ? '' : ` More from cursor ${data.next_from_revision}.`;
      return { data, text: `${plural(data.events.length, 'event')} of the ${entity_type}: ${steps}.${next}` };
    },
  });
}
