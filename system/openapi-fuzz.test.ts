/**
 * A schema-driven fuzz test over every operation of the four services' OpenAPI documents, against
 * the real system. For each operation fast-check generates path parameters, a query and a body
 * from the document's JSON Schemas (http/fixtures/json-schema-arbitrary.ts), some of the time made
 * invalid, and sends them with the token of a registered user who owns an organization, using that
 * organization's real ids (its projects, tasks, members, streams, a real cursor) for some
 * parameters and generated ones for others. Every answer must:
 * - have a status the operation declares;
 * - not be a 5xx, except a 503 that carries Retry-After;
 * - when an error, be problem+json whose type, title, status and detail match the HTTP status;
 * - when a 2xx, be valid against the zod schema the route declares (the document's source);
 * - when the request was made invalid, be a 400 (a 401 when the token was left out);
 * - when the request is valid by the document, not be refused at a parameter or as a whole
 *   (a refusal of one body field may depend on state: a user who does not exist, a month that has
 *   not begun), except where the document says why (an opaque cursor, the range rule of from/to,
 *   the problem types a 400 lists in `x-problem-types`);
 *   and the route's own zod schemas must accept it.
 * A fixed seed per operation and a bounded count keep it repeatable and within a minute.
 */
import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { problemKinds, PROBLEM_TYPE_BASE, type Route } from '../http/index.js';
import {
  arbitraryFor,
  invalidFor,
  resolve,
  violations,
  type JsonSchema,
} from '../http/fixtures/json-schema-arbitrary.js';
import {
  jsonOf,
  send,
  startContractSystem,
  type ContractSystem,
  type Operation,
  type RawAnswer,
  type ServedService,
} from './contract-fixture.js';

/** Requests per operation; FUZZ_RUNS and FUZZ_SEED explore further by hand (the suite runs the defaults). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const SEED = process.env.FUZZ_SEED ?? '';
const PASSWORD = 'correct horse battery staple';

let contract: ContractSystem;
let world: World;

interface World {
  owner: { id: number; username: string; token: string; refresh: string; personal: string };
  /** Never the fuzzer's caller, so its settings stay as registered (tracking on). */
  member: { id: number; token: string; personal: string };
  organization: string;
  project: string;
  task: string;
  cursor: string;
  orgs: string[];
  users: number[];
  streams: string[];
}

const expectOk = (answer: RawAnswer, status: number, what: string) => {
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${answer.text}`);
  return jsonOf(answer) as Record<string, any>;
};

async function until<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still not there`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

async function buildWorld(atlas: string, crafters: string): Promise<World> {
  const register = async (username: string) => {
    const user = expectOk(
      await send(atlas, 'POST', '/api/v1/auth/register', {
        body: { username, email: `${username}@example.com`, password: PASSWORD },
      }),
      201,
      'register',
    );
    const tokens = expectOk(
      await send(atlas, 'POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } }),
      200,
      'login',
    );
    return {
      id: user.id as number,
      username,
      token: tokens.access_token as string,
      refresh: tokens.refresh_token as string,
      personal: user.organization.id as string,
    };
  };
  const owner = await register('fuzz_owner');
  const member = await register('fuzz_member');
  const as = { token: owner.token };
  const organization = expectOk(
    await send(atlas, 'POST', '/api/v1/organizations', { ...as, body: { name: 'Fuzz Lab', timezone: 'Europe/Paris' } }),
    201,
    'organization',
  ).id;
  expectOk(
    await send(atlas, 'POST', `/api/v1/organizations/${organization}/members`, {
      ...as,
      body: { user_id: member.id, role: 'member' },
    }),
    201,
    'member',
  );
  const project = expectOk(
    await send(atlas, 'POST', `/api/v1/organizations/${organization}/projects`, { ...as, body: { name: 'Fuzzing' } }),
    201,
    'project',
  ).id;
  const task = expectOk(
    await send(atlas, 'POST', `/api/v1/projects/${project}/tasks`, {
      ...as,
      body: { title: 'Find bugs', due_date: '2030-01-01' },
    }),
    201,
    'task',
  ).id;
  expectOk(
    await send(atlas, 'POST', `/api/v1/tasks/${task}/assign`, { ...as, body: { user_id: owner.id } }),
    200,
    'assign',
  );
  // A few minutes on the task, once the read models know it (503 until then).
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
  const records = Array.from({ length: 3 }, (_, i) => ({
    id: randomUUID(),
    device_id: 'fuzz',
    minute_start: new Date(minute + i * 60_000).toISOString(),
    tz_offset_minutes: 60,
    active_seconds: 50,
    keystrokes: 10,
    clicks: 2,
    scrolls: 1,
    mouse_distance_px: 300,
    task_id: task,
  }));
  await until('activity', async () =>
    (await send(crafters, 'POST', '/api/v1/activity/log', { ...as, body: { records } })).status === 202
      ? true
      : undefined,
  );
  const cursor = await until('a cursor', async () => {
    const page = jsonOf(await send(atlas, 'GET', '/api/v1/organizations?limit=1', as)) as
      { next_cursor?: string | null } | undefined;
    return page?.next_cursor ?? undefined;
  });
  return {
    owner,
    member: { id: member.id, token: member.token, personal: member.personal },
    organization,
    project,
    task,
    cursor,
    orgs: [organization, owner.personal, member.personal],
    users: [owner.id, member.id],
    streams: [
      `atlas-organization-${organization}`,
      `atlas-project-${project}`,
      `atlas-task-${task}`,
      `atlas-organization-${owner.personal}`,
    ],
  };
}

beforeAll(async () => {
  contract = await startContractSystem();
  const url = (name: string) => contract.services.find((s) => s.name === name)!.url;
  world = await buildWorld(url('atlas'), url('codecrafters'));
}, 60_000);

afterAll(async () => {
  await contract?.stop();
});

// ---------------------------------------------------------------------------------------------
// Requests

type Mutation = 'none' | 'query' | 'header' | 'body' | 'stray-body' | 'no-token';

interface FuzzCase {
  params: Record<string, string>;
  query: Record<string, string>;
  /** Header parameters (an event stream's Last-Event-ID). */
  headers: Record<string, string>;
  body: unknown;
  mutation: Mutation;
}

const MAX_RANGE_DAYS = 366;

function addDays(date: string, days: number): string | undefined {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  const text = new Date(ms).toISOString();
  return /^\d{4}-/.test(text) ? text.slice(0, 10) : undefined;
}

const daysFrom = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** Real values for a parameter or body field, by name (and for `id`, by what the path names). */
function realValues(name: string, path: string, type: unknown): unknown[] {
  const ids = (values: (string | number)[]) =>
    type === 'integer' ? values.filter((v) => typeof v === 'number') : values.map(String);
  switch (name) {
    case 'id':
      if (path.startsWith('/api/v1/organizations')) return world.orgs;
      if (path.startsWith('/api/v1/projects')) return [world.project];
      if (path.startsWith('/api/v1/tasks')) return [world.task];
      return [];
    case 'organization_id':
    case 'default_organization_id':
      return world.orgs;
    case 'project_id':
      return [world.project];
    case 'task_id':
      return [world.task];
    case 'user_id':
    case 'employee_id':
    case 'to_user_id':
      return ids(world.users);
    case 'stream':
      return world.streams;
    case 'cursor':
      return [world.cursor];
    case 'username':
      return [world.owner.username];
    case 'password':
      return [PASSWORD];
    case 'refresh_token':
      return [world.owner.refresh];
    case 'period': {
      const now = new Date();
      const month = (offset: number) =>
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
      return [month(0), month(-1)];
    }
    default:
      return [];
  }
}

/** Whole minutes within the window the activity log accepts: the last 29 days, not ahead of now. */
const recentMinute = fc
  .integer({ min: 1, max: 29 * 1_440 })
  .map((back) => new Date((Math.floor(Date.now() / 60_000) - back) * 60_000).toISOString());

/** Real values (or values within a rule the schema only states in words) beside generated ones; undefined when there are none. */
function withReal(
  name: string,
  path: string,
  schema: Record<string, unknown>,
  generated: () => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> | undefined {
  if (name === 'minute_start') return recentMinute;
  const real = realValues(name, path, schema.type);
  if (real.length === 0) return undefined;
  return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: generated() });
}

function caseArbitrary(path: string, method: string, operation: Operation, root: unknown): fc.Arbitrary<FuzzCase> {
  const parameters = operation.parameters ?? [];
  const generate = (name: string, schema: Record<string, unknown>) => {
    const generated = () => arbitraryFor(schema as JsonSchema, { root });
    return (withReal(name, path, resolve(schema as JsonSchema, root), generated) ??
      generated()) as fc.Arbitrary<string>;
  };

  const pathModel: Record<string, fc.Arbitrary<string>> = {};
  const queryModel: Record<string, fc.Arbitrary<string>> = {};
  const headerModel: Record<string, fc.Arbitrary<string>> = {};
  const models = { path: pathModel, query: queryModel, header: headerModel };
  for (const p of parameters) models[p.in][p.name] = generate(p.name, p.schema);
  const required = parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
  let query = fc.record(queryModel, { requiredKeys: required }) as fc.Arbitrary<Record<string, string>>;
  // from/to: mostly within the documented rule (to not before from, at most 366 days), sometimes anyhow.
  if ('from' in queryModel && 'to' in queryModel) {
    query = query.chain((q) =>
      q.from === undefined || q.to === undefined
        ? fc.constant(q)
        : fc.oneof(
            {
              weight: 3,
              arbitrary: fc
                .integer({ min: 0, max: MAX_RANGE_DAYS - 1 })
                .map((n): Record<string, string> => ({ ...q, to: addDays(q.from!, n) ?? q.to! })),
            },
            { weight: 1, arbitrary: fc.constant(q) },
          ),
    );
  }

  const bodySchema = operation.requestBody?.content['application/json'].schema as JsonSchema | undefined;
  const override = (name: string, schema: Record<string, unknown>) =>
    withReal(name, path, schema, () => arbitraryFor(schema, { root }));
  const body = bodySchema === undefined ? fc.constant(undefined) : arbitraryFor(bodySchema, { root, override });

  const badQuery = parameters.flatMap((p) => {
    const bad = p.in === 'query' ? invalidFor(p.schema as JsonSchema, { root, strings: true }) : undefined;
    return bad ? [fc.tuple(fc.constant(p.name), bad as fc.Arbitrary<string>)] : [];
  });
  // An empty header is no header (HTTP trims the value): not a value to refuse.
  const badHeader = parameters.flatMap((p) => {
    const bad = p.in === 'header' ? invalidFor(p.schema as JsonSchema, { root, strings: true }) : undefined;
    const sendable = bad?.filter((value) => String(value).trim() !== '') as fc.Arbitrary<string> | undefined;
    return sendable ? [fc.tuple(fc.constant(p.name), sendable)] : [];
  });
  const badBody = bodySchema === undefined ? undefined : invalidFor(bodySchema, { root });
  const mutations: { weight: number; arbitrary: fc.Arbitrary<Mutation> }[] = [
    { weight: 6, arbitrary: fc.constant('none') },
  ];
  if (badQuery.length > 0) mutations.push({ weight: 1, arbitrary: fc.constant('query') });
  if (badHeader.length > 0) mutations.push({ weight: 1, arbitrary: fc.constant('header') });
  if (badBody) mutations.push({ weight: 2, arbitrary: fc.constant('body') });
  if (bodySchema === undefined && ['POST', 'PUT', 'PATCH'].includes(method))
    mutations.push({ weight: 1, arbitrary: fc.constant('stray-body') });
  if (operation.security.length > 0) mutations.push({ weight: 1, arbitrary: fc.constant('no-token') });

  return fc
    .record({
      params: fc.record(pathModel) as fc.Arbitrary<Record<string, string>>,
      query,
      headers: fc.record(headerModel, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>,
      body,
      mutation: fc.oneof(...mutations),
    })
    .chain((c): fc.Arbitrary<FuzzCase> => {
      switch (c.mutation) {
        case 'query':
          return fc.oneof(...badQuery).map(([name, bad]) => ({ ...c, query: { ...c.query, [name]: bad } }));
        case 'header':
          return fc.oneof(...badHeader).map(([name, bad]) => ({ ...c, headers: { ...c.headers, [name]: bad } }));
        case 'body':
          return badBody!.map((bad) => ({ ...c, body: bad }));
        case 'stray-body':
          return fc.constant({ ...c, body: { stray: true } });
        default:
          return fc.constant(c);
      }
    });
}

const pathOf = (template: string, c: FuzzCase) => {
  const path = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => encodeURIComponent(c.params[name]!));
  const query = Object.entries(c.query)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return query ? `${path}?${query}` : path;
};

// ---------------------------------------------------------------------------------------------
// What the answers must be

/** Rules the document states in words, which a generated request may break: then a 400 there is expected. */
function documentedRefusals(c: FuzzCase): Set<string> {
  const expected = new Set<string>();
  if (c.query.cursor !== undefined && c.query.cursor !== world.cursor) expected.add('/query/cursor');
  const { from, to } = c.query;
  if (from !== undefined && to !== undefined && (daysFrom(from, to) < 1 || daysFrom(from, to) > MAX_RANGE_DAYS)) {
    expected.add('/query/from').add('/query/to');
  }
  const domains = (c.body as { expertise_domains?: unknown } | undefined)?.expertise_domains;
  if (Array.isArray(domains) && new Set(domains.map((d) => String(d).trim().toLowerCase())).size !== domains.length)
    expected.add('/body/expertise_domains');
  const records = (c.body as { records?: { id?: unknown }[] } | undefined)?.records;
  if (Array.isArray(records)) {
    const seen = new Set<unknown>();
    records.forEach((record, i) => {
      if (seen.has(record.id)) expected.add(`/body/records/${i}/id`);
      seen.add(record.id);
    });
  }
  return expected;
}

/**
 * Body fields whose refusal depends on what exists, not on the request alone: a user who is not
 * a member, a task one cannot see, a month that has not begun, working hours equal to the stored
 * other end. A valid request may be refused there; anywhere else the document would be missing a rule.
 */
const STATEFUL_FIELDS = new Set([
  'user_id',
  'username',
  'task_id',
  'default_organization_id',
  'work_hours_start',
  'work_hours_end',
  'employee_id',
  'to_user_id',
  'period',
]);

const zodIssues = (schema: z.ZodType | undefined, value: unknown, part: string): string[] =>
  schema === undefined
    ? []
    : (schema.safeParse(value).error?.issues ?? []).map((issue) => `/${[part, ...issue.path.map(String)].join('/')}`);

interface Finding {
  status: number;
  why: string;
}

function check(operation: Operation, route: Route, c: FuzzCase, answer: RawAnswer): Finding | undefined {
  const { status } = answer;
  const fail = (why: string): Finding => ({ status, why });
  const body = jsonOf(answer) as Record<string, unknown> | undefined;
  if (!(String(status) in operation.responses))
    return fail(`status ${status} is not declared: ${answer.text.slice(0, 300)}`);
  if (status >= 500 && !(status === 503 && answer.headers['retry-after']))
    return fail(`a ${status}${status === 503 ? ' without Retry-After' : ''}: ${answer.text.slice(0, 300)}`);
  if (status >= 400) {
    if (!/^application\/problem\+json/.test(String(answer.headers['content-type'])))
      return fail(`an error that is not problem+json: ${answer.headers['content-type']}`);
    if (
      !body ||
      ['type', 'title', 'detail'].some((member) => typeof body[member] !== 'string') ||
      body.status !== status
    ) {
      return fail(`not a problem document of status ${status}: ${answer.text.slice(0, 300)}`);
    }
    const kind = problemKinds[String(body.type).slice(PROBLEM_TYPE_BASE.length) as keyof typeof problemKinds];
    if (!String(body.type).startsWith(PROBLEM_TYPE_BASE) || kind?.status !== status || kind.title !== body.title)
      return fail(`type and title do not match ${status}: ${answer.text.slice(0, 300)}`);
    if (body.request_id !== answer.headers['x-request-id']) return fail('the problem names another request id');
    if (status === 401 && !answer.headers['www-authenticate']) return fail('a 401 without WWW-Authenticate');
    if (status === 429 && !answer.headers['retry-after']) return fail('a 429 without Retry-After');
  } else {
    const declared = (route.responses as Record<number, { schema?: z.ZodType; eventStream?: unknown }>)[status];
    const schema = declared?.schema;
    if (declared?.eventStream) {
      // Its messages are parsed by their schemas as they are written; here, that it is a stream.
      if (!/^text\/event-stream/.test(String(answer.headers['content-type'])) || !answer.text.startsWith('retry: '))
        return fail(`a ${status} that is not the event stream it declares: ${answer.text.slice(0, 200)}`);
    } else if (schema) {
      const issues = schema.safeParse(body).error?.issues ?? [];
      if (issues.length > 0) return fail(`a ${status} its schema refuses: ${JSON.stringify(issues).slice(0, 300)}`);
    } else if (answer.text !== '') return fail(`a ${status} with a body where none is declared`);
  }
  if (c.mutation !== 'none') {
    const wanted = c.mutation === 'no-token' ? 401 : 400;
    return status === wanted
      ? undefined
      : fail(`an invalid request (${c.mutation}) answered ${status}, not ${wanted}: ${answer.text.slice(0, 200)}`);
  }
  // Valid by the document: the route's zod schemas must take it, and no 400 may point where the document promised nothing.
  const expected = documentedRefusals(c);
  const refusedByRoute = [
    ...zodIssues(route.params, c.params, 'params'),
    ...zodIssues(route.query, c.query, 'query'),
    ...zodIssues(route.body, c.body, 'body'),
  ].filter((pointer) => ![...expected].some((e) => pointer === e || pointer.startsWith(`${e}/`)));
  if (refusedByRoute.length > 0)
    return fail(`the route's schemas refuse what the document allows, at ${refusedByRoute.join(', ')}`);
  if (status === 400) {
    // A refusal the document names for this operation (an OAuth error of the device token endpoint) depends on state.
    if (operation.responses['400']?.['x-problem-types']?.includes(String(body?.type))) return undefined;
    if (body?.type !== `${PROBLEM_TYPE_BASE}validation`)
      return fail(`a valid request refused as ${String(body?.type)}: ${answer.text.slice(0, 200)}`);
    const pointers = ((body.errors as { pointer: string }[] | undefined) ?? []).map((e) => e.pointer);
    const unexpected = pointers.filter(
      (p) => !expected.has(p) && !(p.startsWith('/body/') && STATEFUL_FIELDS.has(p.split('/').pop()!)),
    );
    if (unexpected.length > 0)
      return fail(`a valid request refused at ${unexpected.join(', ')}: ${answer.text.slice(0, 300)}`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

const seedOf = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0);

interface Tally {
  requests: number;
  statuses: Map<string, number>;
  /** Where valid requests were refused (body fields whose rules depend on state). */
  refusedAt: Map<string, number>;
}

async function fuzzService(service: ServedService, findings: string[], tally: Tally): Promise<void> {
  for (const { path, method, operation, route } of service.operations) {
    const where = `${service.name} ${method} ${path}`;
    const arbitrary = caseArbitrary(path, method, operation, service.document);
    try {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (c) => {
          const token = c.mutation === 'no-token' ? undefined : world.owner.token;
          const answer = await send(service.url, method, pathOf(path, c), {
            ...(token ? { token } : {}),
            headers: c.headers,
            ...(c.body === undefined ? {} : { body: c.body }),
          });
          tally.requests += 1;
          const key = `${where} ${answer.status}`;
          tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
          if (answer.status === 400 && c.mutation === 'none') {
            for (const { pointer } of (jsonOf(answer) as { errors?: { pointer: string }[] }).errors ?? []) {
              const at = `${where} ${pointer.replace(/\/[0-9]+(?=\/|$)/g, '/*')}`;
              tally.refusedAt.set(at, (tally.refusedAt.get(at) ?? 0) + 1);
            }
          }
          const finding = check(operation, route, c, answer);
          if (finding)
            throw new Error(
              `${finding.why}\n  request: ${method} ${pathOf(path, c)} ${c.body === undefined ? '' : JSON.stringify(c.body).slice(0, 400)}`,
            );
        }),
        { seed: seedOf(SEED + where), numRuns: RUNS, endOnFailure: true },
      );
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      findings.push(
        `${where}: ${cause?.message ?? ''}\n${(error as Error).message.split('\n').slice(0, 3).join('\n')}`,
      );
    }
  }
}

describe('schema-driven fuzzing of every operation', () => {
  it('answers every generated request as its operation documents', async () => {
    const findings: string[] = [];
    const started = Date.now();
    const lines: string[] = [];
    let total = 0;
    for (const service of contract.services) {
      const tally: Tally = { requests: 0, statuses: new Map(), refusedAt: new Map() };
      const serviceStarted = Date.now();
      await fuzzService(service, findings, tally);
      total += tally.requests;
      lines.push(
        `${service.name}: ${tally.requests} requests over ${service.operations.length} operations in ${((Date.now() - serviceStarted) / 1000).toFixed(1)} s`,
      );
      if (process.env.FUZZ_STATUSES)
        for (const [key, count] of [...tally.statuses, ...tally.refusedAt]) lines.push(`  ${key} ×${count}`);
    }
    lines.push(`fuzzed ${total} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (${RUNS} per operation)`);
    console.log(lines.join('\n'));
    expect(findings).toEqual([]);
  }, 120_000);

  it('made sure its own checks can fail: a case that breaks a documented rule expects a 400', () => {
    const broken: FuzzCase = {
      params: {},
      query: { from: '2025-01-10', to: '2025-01-01' },
      headers: {},
      body: undefined,
      mutation: 'none',
    };
    expect([...documentedRefusals(broken)]).toEqual(['/query/from', '/query/to']);
    expect(violations({ type: 'string', pattern: '^a' }, 'b')).toEqual(['/: does not match ^a']);
  });
});

/** What the fuzzer found, each fixed where it arose; kept as plain requests so that it stays fixed. */
describe('defects the fuzzer found', () => {
  const url = (name: string) => contract.services.find((s) => s.name === name)!.url;
  const problemAt = (answer: RawAnswer) =>
    ((jsonOf(answer) as { errors?: { pointer: string }[] }).errors ?? []).map((e) => e.pointer);

  it('a range at the end of the calendar was a 500 (its days ran past 9999-12-31); the dates are now 1970..9998, as documented', async () => {
    const crafters = url('codecrafters');
    const as = { token: world.owner.token };
    const last = await send(crafters, 'GET', `/api/v1/productivity/users/${world.owner.id}?from=9999-12-31`, as);
    expect(last.status).toBe(400);
    expect(problemAt(last)).toEqual(['/query/from']);
    const team = await send(crafters, 'GET', `/api/v1/productivity/teams/${world.organization}?to=9999-12-31`, as);
    expect(problemAt(team)).toEqual(['/query/to']);
    expect(
      (await send(crafters, 'GET', `/api/v1/productivity/teams/${world.organization}?to=1969-12-31`, as)).status,
    ).toBe(400);
    const latest = await send(crafters, 'GET', `/api/v1/productivity/users/${world.owner.id}?from=9998-12-31`, as);
    expect(latest.status).toBe(200);
    expect(jsonOf(latest)).toMatchObject({ from: '9998-12-31', to: '9999-01-06' });
    const parameters = contract.services.find((s) => s.name === 'codecrafters')!.document.paths[
      '/api/v1/productivity/teams/{organization_id}'
    ]!.get!.parameters!;
    expect(JSON.stringify(parameters.find((p) => p.name === 'from')!.schema)).toContain('999[0-8]');
  });

  it('a batch repeating a record id was refused by a rule the document did not state; now it does', async () => {
    const operation = contract.services.find((s) => s.name === 'codecrafters')!.document.paths['/api/v1/activity/log']!
      .post!;
    const records = (
      operation.requestBody!.content['application/json'].schema as { properties: { records: Record<string, unknown> } }
    ).properties.records;
    expect(records).toMatchObject({ uniqueItems: true, description: expect.stringMatching(/id at most once/) });
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 7_200_000).toISOString();
    const record = {
      id: randomUUID(),
      device_id: 'fuzz',
      minute_start: minute,
      tz_offset_minutes: 0,
      active_seconds: 30,
      keystrokes: 1,
      clicks: 1,
      scrolls: 1,
      mouse_distance_px: 1,
    };
    const answer = await send(url('codecrafters'), 'POST', '/api/v1/activity/log', {
      token: world.member.token,
      body: { records: [record, { ...record, active_seconds: 31 }] },
    });
    expect(answer.status).toBe(400);
    expect(problemAt(answer)).toEqual(['/body/records/1/id']);
  });

  it('an empty change, which the document refuses (minProperties), was checked after access and answered 404 or 403; now a 400 first', async () => {
    const as = { token: world.owner.token };
    const stranger = await send(url('codecrafters'), 'PUT', '/api/v1/productivity/profiles/999999', {
      ...as,
      body: {},
    });
    expect(stranger.status).toBe(400);
    expect(problemAt(stranger)).toEqual(['/body']);
    const someoneElse = await send(url('codecrafters'), 'PUT', `/api/v1/productivity/profiles/${world.member.id}`, {
      ...as,
      body: {},
    });
    expect(someoneElse.status).toBe(400);
    const lab = await send(url('nexacore'), 'PATCH', `/api/v1/labs/${randomUUID()}`, { ...as, body: {} });
    expect(lab.status).toBe(400);
    expect(problemAt(lab)).toEqual(['/body']);
  });
});
