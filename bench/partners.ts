/**
 * Partner API bench: the Code Crafters API (:8002) in the real system (test-system.ts: embedded
 * SQLite event and read stores, the projector, real ES256 JWTs from Atlas's login), in a child
 * process, loaded over HTTP on 127.0.0.1 with autocannon at 64 concurrent connections:
 *
 * - `POST /api/v1/activity/log`: agent batches of a few minutes each (fresh record ids, whole
 *   recent minutes), from 64 devices of 8 users, in batches accepted per second and p99 latency.
 *   A user's 8 devices report the same minutes, so one user's batches arrive together on one
 *   activity day (stream) and are decided one command at a time per day (the per-stream queue
 *   takes together those that queued up). Every record must be stored: an answer that refuses
 *   one fails the bench;
 * - `GET /api/v1/productivity/teams/:organization_id`: the default range (the last 7 days) of a
 *   team of 6 members with 5 days of activity, asked by the team's manager; queries/s and p99.
 *   Nothing changes the team meanwhile, so this is the dashboard's steady state: the answer comes
 *   from the service's cache under the team's version stamp (token, membership and stamp are
 *   still checked, the answer still validated against its schema and serialised each time).
 *
 * - the same team question through the MCP server (`POST /mcp`, `tools/call get_team_productivity`
 *   over Streamable HTTP, stateless), beside the Code Crafters API asked directly: what the
 *   MCP layer costs (its own token check, a server per request, Atlas's organization read for the
 *   zone, then the same Code Crafters request, the answer validated twice).
 *
 * The ingest runs last, with the projector live in the same process (as `npm start` runs it):
 * every batch is also projected into the read models while the load goes on.
 *
 * The baseline is a bare Koa app (one middleware answering a small JSON) in a child process of its
 * own, loaded the same way in the same run with the very same requests (bodies and tokens
 * included), so each ratio is what the whole stack costs over Koa itself.
 */
import { randomUUID } from 'node:crypto';
import { figure, type Bench, type Figure } from './figure.js';
import { load, startServer, type LoadOptions, type LoadResult } from './load.js';

const CONNECTIONS = 64;
const SECONDS = 5;
const WARMUP_SECONDS = 1;
const RECORDS_PER_BATCH = 3;
const AGENT_USERS = 8;
const DEVICES_PER_AGENT = CONNECTIONS / AGENT_USERS;
const TEAM_MEMBERS = 6;
const TEAM_DAYS = 5;
const MINUTES_PER_MEMBER_DAY = 60;
const PASSWORD = 'bench horse battery staple';
const MINUTE = 60_000;
const DAY = 86_400_000;

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function ok(answer: Answer, status: number, what: string) {
  if (answer.status !== status)
    throw new Error(`bench setup: ${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Retries while the read models catch up (503 until a new user is visible, 400 until a membership is). */
async function eventually(
  what: string,
  attempt: () => Promise<Answer>,
  done: (answer: Answer) => boolean,
): Promise<Answer> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await attempt();
    if (done(answer)) return answer;
    if (Date.now() > deadline)
      throw new Error(`bench setup: ${what} still answers ${answer.status}: ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Person {
  id: number;
  token: string;
}

async function person(atlas: string, username: string): Promise<Person> {
  const registered = ok(
    await call(atlas, 'POST', '/api/v1/auth/register', {
      body: { username, email: `${username}@example.com`, password: PASSWORD },
    }),
    201,
    'register',
  );
  const tokens = ok(
    await call(atlas, 'POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } }),
    200,
    'login',
  );
  return { id: registered.id, token: tokens.access_token };
}

interface ActivityRecord {
  id: string;
  device_id: string;
  minute_start: string;
  tz_offset_minutes: number;
  active_seconds: number;
  keystrokes: number;
  clicks: number;
  scrolls: number;
  mouse_distance_px: number;
}

const random = (max: number) => Math.floor(Math.random() * (max + 1));

function activityRecord(deviceId: string, minuteStart: number): ActivityRecord {
  return {
    id: randomUUID(),
    device_id: deviceId,
    minute_start: new Date(minuteStart).toISOString(),
    tz_offset_minutes: 0,
    active_seconds: 20 + random(40),
    keystrokes: random(200),
    clicks: random(30),
    scrolls: random(50),
    mouse_distance_px: random(5000),
  };
}

/**
 * Agent batches: devices take turns, each sending the next minutes of its own timeline, from two
 * days ago up to a minute ago: valid for the record checks. Around again, a device comes back as
 * a new one (its id gets a round number): one device's minute is one record, so the same device
 * sending a minute again under a fresh id would be refused, not stored.
 */
function agentBatches(agents: readonly Person[]): () => { body: string; headers: Record<string, string> } {
  const first = Math.floor((Date.now() - 2 * DAY) / MINUTE) * MINUTE;
  const devices = agents.flatMap((agent, a) =>
    Array.from({ length: DEVICES_PER_AGENT }, (_, d) => ({
      id: `bench-${a}-${d}`,
      round: 0,
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      next: first,
    })),
  );
  let turn = 0;
  return () => {
    const device = devices[turn++ % devices.length]!;
    if (device.next + RECORDS_PER_BATCH * MINUTE > Date.now() - MINUTE) {
      device.next = first;
      device.round += 1;
    }
    const records = Array.from({ length: RECORDS_PER_BATCH }, (_, i) =>
      activityRecord(`${device.id}-r${device.round}`, device.next + i * MINUTE),
    );
    device.next += RECORDS_PER_BATCH * MINUTE;
    return { body: JSON.stringify({ records }), headers: device.headers };
  };
}

interface Fixture {
  codecrafters: string;
  organizationId: string;
  manager: Person;
  agents: Person[];
}

/** A team (owner, manager, members whose activity goes to the team) with days of activity, and the agents. */
async function seed(atlas: string, codecrafters: string): Promise<Fixture> {
  const tag = randomUUID().slice(0, 8);
  const names = [
    'owner',
    'manager',
    ...Array.from({ length: TEAM_MEMBERS }, (_, i) => `member${i}`),
    ...Array.from({ length: AGENT_USERS }, (_, i) => `agent${i}`),
  ];
  const people = await Promise.all(names.map((name) => person(atlas, `bench_${tag}_${name}`)));
  const [owner, manager] = people as [Person, Person];
  const members = people.slice(2, 2 + TEAM_MEMBERS);
  const agents = people.slice(2 + TEAM_MEMBERS);

  const organizationId = ok(
    await call(atlas, 'POST', '/api/v1/organizations', { token: owner.token, body: { name: 'Bench team' } }),
    201,
    'organization',
  ).id as string;
  for (const [who, role] of [[manager, 'manager'], ...members.map((m) => [m, 'member'] as const)] as const) {
    ok(
      await call(atlas, 'POST', `/api/v1/organizations/${organizationId}/members`, {
        token: owner.token,
        body: { user_id: who.id, role },
      }),
      201,
      'member',
    );
  }

  // Members attribute their activity to the team (not their personal organization), then log days of it.
  const today = Math.floor(Date.now() / DAY) * DAY;
  await Promise.all(
    members.map(async (member, m) => {
      await eventually(
        'profile',
        () =>
          call(codecrafters, 'PUT', `/api/v1/productivity/profiles/${member.id}`, {
            token: member.token,
            body: { default_organization_id: organizationId },
          }),
        (answer) => answer.status === 200,
      );
      for (let day = 1; day <= TEAM_DAYS; day += 1) {
        const nine = today - day * DAY + 9 * 3_600_000;
        const records = Array.from({ length: MINUTES_PER_MEMBER_DAY }, (_, i) =>
          activityRecord(`team-${m}`, nine + i * MINUTE),
        );
        ok(
          await call(codecrafters, 'POST', '/api/v1/activity/log', { token: member.token, body: { records } }),
          202,
          'team activity',
        );
      }
    }),
  );
  await eventually(
    'team answer',
    () => call(codecrafters, 'GET', `/api/v1/productivity/teams/${organizationId}`, { token: manager.token }),
    (answer) => answer.status === 200 && answer.body.active_member_days === TEAM_MEMBERS * TEAM_DAYS,
  );

  // Each agent's first batch waits for the read models to know the user (503 until then).
  await Promise.all(
    agents.map((agent, a) =>
      eventually(
        'first agent batch',
        () =>
          call(codecrafters, 'POST', '/api/v1/activity/log', {
            token: agent.token,
            body: { records: [activityRecord(`warm-${a}`, today - 3 * DAY)] },
          }),
        (answer) => answer.status === 202,
      ),
    ),
  );
  return { codecrafters, organizationId, manager, agents };
}

const shape = { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };

function figures(
  label: string,
  unit: string,
  measured: LoadResult,
  bare: LoadResult,
  perSecondTarget: number,
): Figure[] {
  const baseline = 'bare Koa JSON handler, same requests';
  return [
    figure(
      `${label}, throughput`,
      unit,
      measured.perSecond,
      { name: baseline, value: bare.perSecond },
      { value: perSecondTarget, better: 'higher' },
    ),
    figure(
      `${label}, p99 latency`,
      'ms',
      measured.p99,
      { name: `${baseline}, p99`, value: bare.p99 },
      { value: 50, better: 'lower' },
    ),
  ];
}

export async function benchPartners(): Promise<Figure[]> {
  const bare = await startServer('bare');
  const system = await startServer('system').catch(async (error: unknown) => {
    await bare.stop();
    throw error;
  });
  try {
    const fixture = await seed(system.urls.atlas!, system.urls.codecrafters!);
    const bareUrl = bare.urls.bare!;

    const teamPath = `/api/v1/productivity/teams/${fixture.organizationId}`;
    const team: Omit<LoadOptions, 'url'> = {
      ...shape,
      method: 'GET',
      headers: { authorization: `Bearer ${fixture.manager.token}` },
      expect: 200,
    };
    const bareTeam = await load({ ...team, url: `${bareUrl}${teamPath}` });
    const teamQueries = await load({ ...team, url: `${fixture.codecrafters}${teamPath}` });
    // The same question through the MCP server (Streamable HTTP, stateless: one server per request).
    const toolCall = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'get_team_productivity', arguments: { org_id: fixture.organizationId } },
    });
    const mcpQueries = await load({
      ...shape,
      method: 'POST',
      url: `${system.urls.mcp!}/mcp`,
      headers: {
        authorization: `Bearer ${fixture.manager.token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      next: () => ({ body: toolCall }),
      expect: 200,
      check: (body) =>
        body.includes('"average_productive_hours_per_day"') && !body.includes('"isError":true')
          ? undefined
          : 'not the team answer',
    });

    const logPath = '/api/v1/activity/log';
    const batches = agentBatches(fixture.agents);
    const bareLog = await load({ ...shape, method: 'POST', next: batches, expect: 200, url: `${bareUrl}${logPath}` });
    const storedAll = (body: string) => (body.includes('"refused":[]') ? undefined : 'records refused');
    const logged = await load({
      ...shape,
      method: 'POST',
      next: batches,
      expect: 202,
      check: storedAll,
      url: `${fixture.codecrafters}${logPath}`,
    });

    return [
      ...figures(
        `partners: POST ${logPath}, ${RECORDS_PER_BATCH}-record agent batches, ${CONNECTIONS} connections`,
        'batches/s',
        logged,
        bareLog,
        3_000,
      ),
      ...figures(
        `partners: GET /api/v1/productivity/teams/:id, manager, ${TEAM_MEMBERS} members x ${TEAM_DAYS} days, ${CONNECTIONS} connections`,
        'queries/s',
        teamQueries,
        bareTeam,
        5_000,
      ),
      figure(
        `mcp: get_team_productivity over Streamable HTTP, ${CONNECTIONS} connections, throughput`,
        'calls/s',
        mcpQueries.perSecond,
        { name: 'the same question of the Code Crafters API directly', value: teamQueries.perSecond },
      ),
      figure(`mcp: get_team_productivity over Streamable HTTP, p99 latency`, 'ms', mcpQueries.p99, {
        name: 'the same question of the Code Crafters API directly, p99',
        value: teamQueries.p99,
      }),
    ];
  } finally {
    await Promise.all([system.stop(), bare.stop()]);
  }
}

export const partnersBench: Bench = { name: 'partner APIs over HTTP (Code Crafters, real system)', run: benchPartners };
