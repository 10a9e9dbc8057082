/**
 * The MCP server through the SDK's Client over the in-memory transport, against the real system:
 * every tool's structuredContent is the API's own answer to the same question, refusals are tool
 * errors with no data, and the Client validates each answer against the tool's output schema.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAtlasMcpServer } from './server.js';
import { NOW, startDemo, type Demo, type Person } from './e2e-fixture.js';
import type { ServiceUrls } from './api.js';

let demo: Demo;
const clients: Client[] = [];

async function connect(who: Person, urls: ServiceUrls = demo.urls): Promise<Client> {
  const server = createAtlasMcpServer({ urls, token: who.token, clock: () => NOW });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  // The Client checks structuredContent against the output schemas it learnt from tools/list.
  await client.listTools();
  clients.push(client);
  return client;
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

const text = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

function answered(result: CallToolResult) {
  expect(result.isError, text(result)).toBeFalsy();
  return result.structuredContent;
}

beforeAll(async () => {
  demo = await startDemo();
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await demo?.system.stop();
});

describe('the tools', () => {
  it('are all read-only, with an output schema', async () => {
    const client = await connect(demo.olga);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        'get_audit_trail',
        'get_lab_analytics',
        'get_performance',
        'get_task_time',
        'get_team_productivity',
        'get_user_productivity',
        'list_members',
        'list_organizations',
        'list_projects',
        'list_tasks',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.outputSchema?.type, tool.name).toBe('object');
    }
  });

  it("get_team_productivity this_week is Code Crafters' answer for Monday to today in Kolkata", async () => {
    const { olga, team } = demo;
    const result = await call(await connect(olga), 'get_team_productivity', { org_id: team, from: 'this_week' });
    const api = await demo.ask(
      olga,
      'codecrafters',
      `/api/v1/productivity/teams/${team}?from=2026-03-09&to=2026-03-10`,
    );
    expect(answered(result)).toEqual(api);
    // Alice 7 h on Monday, Bob 5.5 h on Tuesday: 12.5 h over 2 member-days
    expect((result.structuredContent as typeof api).average_productive_hours_per_day).toBeCloseTo(6.25, 2);
    expect(text(result)).toBe(
      'The team averaged 6.25 productive hours/day over 2 working days, 2 members active (2026-03-09 to 2026-03-10, Asia/Kolkata; 12.5 h in all). No activity: carol, mona, olga.',
    );
  });

  it('get_team_productivity with dates and with last_week', async () => {
    const { mona, team } = demo;
    const client = await connect(mona);
    const dated = await call(client, 'get_team_productivity', { org_id: team, from: '2026-03-02', to: '2026-03-10' });
    expect(answered(dated)).toEqual(
      await demo.ask(mona, 'codecrafters', `/api/v1/productivity/teams/${team}?from=2026-03-02&to=2026-03-10`),
    );
    expect(
      (dated.structuredContent as { average_productive_hours_per_day: number }).average_productive_hours_per_day,
    ).toBeCloseTo(18.5 / 3, 2);
    const last = await call(client, 'get_team_productivity', { org_id: team, from: 'last_week' });
    expect(answered(last)).toEqual(
      await demo.ask(mona, 'codecrafters', `/api/v1/productivity/teams/${team}?from=2026-03-02&to=2026-03-08`),
    );
  });

  it('get_user_productivity, get_task_time', async () => {
    const { alice, mona, team, taskA } = demo;
    const own = await call(await connect(alice), 'get_user_productivity', { user_id: alice.id, from: 'this_week' });
    const ownApi = await demo.ask(alice, 'codecrafters', `/api/v1/productivity/users/${alice.id}`);
    const week = await demo.ask(
      alice,
      'codecrafters',
      `/api/v1/productivity/users/${alice.id}?from=${localMonday(ownApi.timezone)}&to=${ownApi.to}`,
    );
    expect(answered(own)).toEqual(week);
    const managed = await call(await connect(mona), 'get_user_productivity', {
      user_id: alice.id,
      org_id: team,
      from: '2026-03-01',
      to: '2026-03-10',
    });
    expect(answered(managed)).toEqual(
      await demo.ask(
        mona,
        'codecrafters',
        `/api/v1/productivity/users/${alice.id}?organization_id=${team}&from=2026-03-01&to=2026-03-10`,
      ),
    );
    expect(text(managed)).toContain('13 productive hours over 2 active days');
    const task = await call(await connect(mona), 'get_task_time', { task_id: taskA });
    expect(answered(task)).toEqual(await demo.ask(mona, 'codecrafters', `/api/v1/productivity/tasks/${taskA}`));
    expect(text(task)).toContain('13 productive hours (alice 13 h)');
  });

  it("the lists pass Atlas's pages through, with the cursor", async () => {
    const { olga, team, project } = demo;
    const client = await connect(olga);
    expect(answered(await call(client, 'list_organizations'))).toEqual(
      await demo.ask(olga, 'atlas', '/api/v1/organizations'),
    );
    const first = await call(client, 'list_members', { org_id: team, limit: 2 });
    expect(answered(first)).toEqual(await demo.ask(olga, 'atlas', `/api/v1/organizations/${team}/members?limit=2`));
    const cursor = (first.structuredContent as { next_cursor: string }).next_cursor;
    expect(cursor).toBeTruthy();
    expect(text(first)).toContain('next page');
    const second = await call(client, 'list_members', { org_id: team, limit: 2, cursor });
    expect(answered(second)).toEqual(
      await demo.ask(olga, 'atlas', `/api/v1/organizations/${team}/members?limit=2&cursor=${cursor}`),
    );
    expect(answered(await call(client, 'list_projects', { org_id: team }))).toEqual(
      await demo.ask(olga, 'atlas', `/api/v1/organizations/${team}/projects`),
    );
    const completed = await call(client, 'list_tasks', { project_id: project, status: 'completed' });
    expect(answered(completed)).toEqual(
      await demo.ask(olga, 'atlas', `/api/v1/projects/${project}/tasks?status=completed`),
    );
    expect((completed.structuredContent as { items: unknown[] }).items).toHaveLength(1);
  });

  it('get_audit_trail, get_lab_analytics, get_performance', async () => {
    const { olga, team, taskA, alice } = demo;
    const client = await connect(olga);
    const audit = await call(client, 'get_audit_trail', { entity_type: 'task', entity_id: taskA });
    expect(answered(audit)).toEqual(await demo.ask(olga, 'atlas', `/api/v1/audit/streams/atlas-task-${taskA}`));
    expect(text(audit)).toMatch(
      /^4 events of the task: atlas\.TaskCreated \(2026-03-10T12:00:00\.000Z\), atlas\.TaskAssigned/,
    );
    expect(answered(await call(client, 'get_lab_analytics', { org_id: team }))).toEqual(
      await demo.ask(olga, 'nexacore', `/api/v1/labs/${team}/analytics`),
    );
    expect(answered(await call(client, 'get_performance', { org_id: team }))).toEqual(
      await demo.ask(olga, 'scoresquad', `/api/v1/performance/organizations/${team}`),
    );
    expect(answered(await call(client, 'get_performance', { user_id: alice.id }))).toEqual(
      await demo.ask(olga, 'scoresquad', `/api/v1/performance/users/${alice.id}`),
    );
  });
});

describe('what a user may not see is a tool error, with no data', () => {
  it('a user of another organization gets isError from every tool about it', async () => {
    const { xavier, team, project, taskA, alice } = demo;
    const client = await connect(xavier);
    for (const [name, args] of [
      ['get_team_productivity', { org_id: team }],
      ['get_user_productivity', { user_id: alice.id }],
      ['get_task_time', { task_id: taskA }],
      ['get_lab_analytics', { org_id: team }],
      ['get_performance', { org_id: team }],
      ['get_performance', { user_id: alice.id }],
      ['list_members', { org_id: team }],
      ['list_projects', { org_id: team }],
      ['list_tasks', { project_id: project }],
      ['get_audit_trail', { entity_type: 'task', entity_id: taskA }],
    ] as const) {
      const result = await call(client, name, args);
      expect(result.isError, `${name} ${text(result)}`).toBe(true);
      expect(result.structuredContent, name).toBeUndefined();
      expect(text(result), name).toMatch(/Not found: .*list_organizations/);
    }
  });

  it('a member asking for the team gets isError that says why', async () => {
    const result = await call(await connect(demo.alice), 'get_team_productivity', { org_id: demo.team });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(text(result)).toBe(
      "No access: only owners and managers see the team. The user's role does not allow this; ask about yourself instead, or ask an owner or manager of the organization.",
    );
  });

  it('a bad range, or a missing argument, is an error that says what to do', async () => {
    const client = await connect(demo.olga);
    const swapped = await call(client, 'get_team_productivity', {
      org_id: demo.team,
      from: '2026-03-10',
      to: '2026-03-01',
    });
    expect([swapped.isError, text(swapped)]).toEqual([true, '`from` 2026-03-10 is after `to` 2026-03-01: swap them']);
    const tooLong = await call(client, 'get_team_productivity', {
      org_id: demo.team,
      from: '2024-01-01',
      to: '2026-03-01',
    });
    expect(tooLong.isError).toBe(true);
    expect(text(tooLong)).toMatch(/^Code Crafters refused the question \(.*at most 366.*\)\. Fix the arguments/);
    const neither = await call(client, 'get_performance', {});
    expect([neither.isError, text(neither)]).toEqual([
      true,
      'Give exactly one of user_id (a person) or org_id (an organization).',
    ]);
  });

  it('a service that is down is a tool error naming it', async () => {
    const closed = await closedPort();
    const client = await connect(demo.olga, { ...demo.urls, codecrafters: `http://127.0.0.1:${closed}` });
    const result = await call(client, 'get_team_productivity', { org_id: demo.team });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      `The Code Crafters service at http://127.0.0.1:${closed} is down (ECONNREFUSED). Tell the user it cannot be reached; try again later.`,
    );
  });
});

describe('the summary resource and the weekly report prompt', () => {
  it("atlas://organizations/{id}/summary: members, projects, this week's productivity", async () => {
    const { olga, alice, team } = demo;
    const client = await connect(olga);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain(`atlas://organizations/${team}/summary`);
    const read = await client.readResource({ uri: `atlas://organizations/${team}/summary` });
    const summary = JSON.parse((read.contents[0] as { text: string }).text);
    expect(summary.members).toEqual(await demo.ask(olga, 'atlas', `/api/v1/organizations/${team}/members?limit=100`));
    expect(summary.productivity_this_week).toEqual(
      await demo.ask(olga, 'codecrafters', `/api/v1/productivity/teams/${team}?from=2026-03-09&to=2026-03-10`),
    );
    const asMember = await (await connect(alice)).readResource({ uri: `atlas://organizations/${team}/summary` });
    expect(JSON.parse((asMember.contents[0] as { text: string }).text).productivity_this_week).toBeNull();
  });

  it('weekly_team_report asks for the report from the tools', async () => {
    const prompt = await (
      await connect(demo.olga)
    ).getPrompt({ name: 'weekly_team_report', arguments: { org_id: demo.team } });
    const body = (prompt.messages[0]!.content as { text: string }).text;
    expect(body).toContain(`get_team_productivity with org_id "${demo.team}" and from "this_week"`);
  });
});

/** Monday of this week in `zone` at NOW. */
function localMonday(zone: string): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(NOW);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** A port nothing listens on: one the system just gave back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
