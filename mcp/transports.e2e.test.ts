/**
 * The two real transports against the real system: Streamable HTTP on the system's MCP port
 * (tokens verified like every service, RFC 9728 metadata), and stdio in a child process started
 * the way a desktop assistant starts it (`mcp/bin/atlas-mcp.js`, ATLAS_TOKEN).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../services/atlas/fixture.js';
import { startDemo, type Demo, type Person } from './e2e-fixture.js';

let demo: Demo;
let mcp: string;
const clients: Client[] = [];
const range = 'from=2026-03-02&to=2026-03-10';

beforeAll(async () => {
  demo = await startDemo();
  mcp = demo.system.mcpUrl!;
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await demo?.system.stop();
});

async function overHttp(who: Person): Promise<Client> {
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${mcp}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${who.token}` } },
    }),
  );
  clients.push(client);
  return client;
}

const text = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('Streamable HTTP', () => {
  it('without a token: 401 pointing at the protected resource metadata, which names Atlas', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    };
    for (const authorization of [undefined, 'Bearer not.a.token', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      const response = await fetch(`${mcp}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify(initialize),
      });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        `Bearer resource_metadata="${mcp}/.well-known/oauth-protected-resource"`,
      );
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const metadata = await (await fetch(`${mcp}/.well-known/oauth-protected-resource`)).json();
    expect(metadata).toMatchObject({
      resource: `${mcp}/mcp`,
      authorization_servers: [demo.urls.atlas],
      bearer_methods_supported: ['header'],
    });
    const health = await fetch(`${mcp}/healthz`);
    expect([health.status, ((await health.json()) as { status: string }).status]).toEqual([200, 'ok']);
  });

  it('stateless: GET and DELETE /mcp are 405 (with a token), other paths 404', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${mcp}/mcp`, { method, headers: { authorization: `Bearer ${demo.olga.token}` } });
      expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
    }
    expect((await fetch(`${mcp}/nope`)).status).toBe(404);
  });

  it("answers with the user's token: the API's answer, and a member's refusal", async () => {
    const { olga, alice, team } = demo;
    const client = await overHttp(olga);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(10);
    const [from, to] = ['2026-03-02', '2026-03-10'];
    const result = (await client.callTool({
      name: 'get_team_productivity',
      arguments: { org_id: team, from, to },
    })) as CallToolResult;
    expect(result.isError, text(result)).toBeFalsy();
    const api = await demo.ask(olga, 'codecrafters', `/api/v1/productivity/teams/${team}?${range}`);
    expect(result.structuredContent).toEqual(api);
    expect(api.average_productive_hours_per_day).toBeCloseTo(6.17, 2);
    // The system's clock (Tuesday 2026-03-10) reaches the HTTP server's tools too.
    const week = (await client.callTool({
      name: 'get_team_productivity',
      arguments: { org_id: team, from: 'this_week' },
    })) as CallToolResult;
    expect(week.structuredContent).toMatchObject({ from: '2026-03-09', to: '2026-03-10' });

    const member = await overHttp(alice);
    await member.listTools();
    const refused = (await member.callTool({
      name: 'get_team_productivity',
      arguments: { org_id: team },
    })) as CallToolResult;
    expect([refused.isError, refused.structuredContent]).toEqual([true, undefined]);
    expect(text(refused)).toMatch(/^No access: only owners and managers see the team/);
  });
});

describe('stdio', () => {
  it('a child process started like a desktop assistant starts it answers with ATLAS_TOKEN', async () => {
    const { olga, team, urls } = demo;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['mcp/bin/atlas-mcp.js'],
      env: {
        PATH: process.env.PATH ?? '',
        ATLAS_TOKEN: olga.token,
        ATLAS_URL: urls.atlas,
        NEXACORE_URL: urls.nexacore,
        CODECRAFTERS_URL: urls.codecrafters,
        SCORESQUAD_URL: urls.scoresquad,
      },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(transport);
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools.every((t) => t.annotations?.readOnlyHint === true && t.outputSchema)).toBe(true);
    const result = (await client.callTool({
      name: 'get_team_productivity',
      arguments: { org_id: team, from: '2026-03-02', to: '2026-03-10' },
    })) as CallToolResult;
    expect(result.isError, text(result)).toBeFalsy();
    expect(result.structuredContent).toEqual(
      await demo.ask(olga, 'codecrafters', `/api/v1/productivity/teams/${team}?${range}`),
    );
    expect(text(result)).toMatch(
      /^The team averaged 6\.17 productive hours\/day over 3 working days, 2 members active/,
    );
    const lists = (await client.callTool({ name: 'list_organizations', arguments: {} })) as CallToolResult;
    expect(lists.structuredContent).toEqual(await demo.ask(olga, 'atlas', '/api/v1/organizations'));
    // Logs went to stderr: stdout carried only the protocol, or the Client would have failed to parse it.
    expect(stderr).toContain('atlas-mcp: serving on stdio');
  });

  it('with no ATLAS_TOKEN, serves the user `atlas-mcp login` stored, and renews the token when it expires', async () => {
    const { olga, urls } = demo;
    const home = mkdtempSync(path.join(os.tmpdir(), 'atlas-mcp-home-'));
    try {
      const env = {
        PATH: process.env.PATH ?? '',
        ATLAS_MCP_HOME: home,
        ATLAS_URL: urls.atlas,
        NEXACORE_URL: urls.nexacore,
        CODECRAFTERS_URL: urls.codecrafters,
        SCORESQUAD_URL: urls.scoresquad,
      };
      const bin = ['mcp/bin/atlas-mcp.js'];
      // Not spawnSync: the services answer from this process, which must keep running meanwhile.
      const run = (args: string[], input = '') =>
        new Promise<{ status: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [...bin, ...args], { env, stdio: ['pipe', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('close', (status) => resolve({ status, stderr }));
          child.stdin.end(input);
        });
      const notYet = await run([]);
      expect(notYet.status).toBe(2);
      expect(notYet.stderr).toContain('run `atlas-mcp login`');
      const username = (await demo.ask(olga, 'atlas', '/api/v1/me')).username as string;
      const login = await run(['login', '--username', username, '--password-stdin'], `${PASSWORD}\n`);
      expect(login.status, login.stderr).toBe(0);
      const file = path.join(home, 'credentials.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { refresh_token: string; access_expires_at: number };
      // The stored access token is due: the first call renews it, and the rotated refresh token is stored.
      writeFileSync(file, JSON.stringify({ ...stored, access_expires_at: 0 }), { mode: 0o600 });

      const transport = new StdioClientTransport({ command: process.execPath, args: bin, env, stderr: 'pipe' });
      const client = new Client({ name: 'test', version: '1' });
      await client.connect(transport);
      clients.push(client);
      const lists = (await client.callTool({ name: 'list_organizations', arguments: {} })) as CallToolResult;
      expect(lists.isError, text(lists)).toBeFalsy();
      expect(lists.structuredContent).toEqual(await demo.ask(olga, 'atlas', '/api/v1/organizations'));
      const renewed = JSON.parse(readFileSync(file, 'utf8')) as { refresh_token: string; access_expires_at: number };
      expect(renewed.refresh_token).not.toBe(stored.refresh_token);
      expect(renewed.access_expires_at).toBeGreaterThan(Date.now());
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
