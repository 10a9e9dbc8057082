/**
 * NexaCore end to end, over real HTTP in the real system (SQLite stores, projector, Atlas and
 * NexaCore on ephemeral ports, real JWTs): organizations and users made through Atlas's API
 * become labs and researchers; lab edits and researcher statements are NexaCore commands; the
 * analytics of a known scenario come out exactly; nobody outside an organization sees anything of
 * it, and no route answers without a valid token. The event clock is fixed and moved by hand, so
 * every time-based figure is exact.
 */
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import { nexacoreProjections } from '../../projections/nexacore/index.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { loadOrCreateSigningKey } from '../../write/atlas/auth/signing-key.js';
import { labStream } from '../../write/nexacore/events.js';
import { labProfileId, researcherProfileId } from '../../write/nexacore/ids.js';
import { nexacoreService } from './index.js';
import {
  activityRollupStandIn,
  eventually,
  expectProblem,
  fillPath,
  operationsOf,
  pointersOf,
  request,
  signUp,
  type Answer,
  type SignedUp,
} from './test-fixture.js';
import { atlasService } from '../atlas/index.js';

let now = Date.parse('2026-02-27T09:00:00.000Z'); // a Friday
const setClock = (iso: string) => {
  now = Date.parse(iso);
};

let system: TestSystem;
let atlas: string;
let nexacore: string;
let john: SignedUp; // owner of "AI Research Team"
let jane: SignedUp; // member
let mark: SignedUp; // manager
let eve: SignedUp; // in no organization but her own
let team: string;

beforeAll(async () => {
  system = await startTestSystem({
    clock: () => new Date(now),
    projections: [...atlasProjections, ...nexacoreProjections, activityRollupStandIn],
    modules: [atlasService, nexacoreService],
  });
  atlas = system.urls.atlas!;
  nexacore = system.urls.nexacore!;
  // One at a time: ids 1..4 in this order.
  john = await signUp(atlas, 'john_doe');
  jane = await signUp(atlas, 'jane');
  mark = await signUp(atlas, 'mark');
  eve = await signUp(atlas, 'eve');
});
afterAll(async () => {
  await system?.stop();
});

const at = (user: SignedUp) => ({
  get: (path: string) => request(nexacore, 'GET', path, { token: user.token }),
  patch: (path: string, body: unknown) => request(nexacore, 'PATCH', path, { token: user.token, body }),
  put: (path: string, body: unknown) => request(nexacore, 'PUT', path, { token: user.token, body }),
  atlas: async (method: string, path: string, body?: unknown) => {
    const answer = await request(atlas, method, path, { token: user.token, ...(body === undefined ? {} : { body }) });
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  },
});

const labDoc = (organization_id: string) => system.readModels.findOne('lab_profiles', { _id: organization_id });
const ok = (answer: Answer) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

describe('labs', () => {
  it('makes a lab of every personal organization: "john_doe\'s Lab"', async () => {
    await eventually(() => labDoc(john.organization_id), 'the personal lab');
    expect(ok(await at(john).get(`/api/v1/labs/${john.organization_id}`))).toEqual({
      id: labProfileId(john.organization_id),
      organization_id: john.organization_id,
      lab_name: "john_doe's Lab",
      domain: null,
      organization_name: "john_doe's Organization",
      personal: true,
      timezone: 'UTC',
      created_at: '2026-02-27T09:00:00.000Z',
      updated_at: null,
    });
    // The projection made it: nothing had to be created on demand.
    expect(await system.events.readStream(labStream(john.organization_id))).toEqual([]);
  });

  it('makes a lab of a new organization; owners and managers edit it, members may not', async () => {
    team = (await at(john).atlas('POST', '/api/v1/organizations', { name: 'AI Research Team' })).id;
    await at(john).atlas('POST', `/api/v1/organizations/${team}/members`, { user_id: jane.id, role: 'member' });
    await at(john).atlas('POST', `/api/v1/organizations/${team}/members`, { user_id: mark.id, role: 'manager' });
    await eventually(() => labDoc(team), 'the team lab');
    expect(ok(await at(john).get(`/api/v1/labs/${team}`))).toMatchObject({
      id: labProfileId(team),
      lab_name: 'AI Research Team',
      domain: null,
    });

    const patched = ok(await at(john).patch(`/api/v1/labs/${team}`, { domain: 'Machine Learning' }));
    expect(patched).toMatchObject({
      lab_name: 'AI Research Team',
      domain: 'Machine Learning',
      updated_at: '2026-02-27T09:00:00.000Z',
    });
    await eventually(
      async () => (await at(jane).get(`/api/v1/labs/${team}`)).body.domain === 'Machine Learning',
      'the domain in the read model',
    );

    expect(ok(await at(mark).patch(`/api/v1/labs/${team}`, { lab_name: 'AI Research Lab' }))).toMatchObject({
      lab_name: 'AI Research Lab',
      domain: 'Machine Learning',
    });
    expectProblem(await at(jane).patch(`/api/v1/labs/${team}`, { domain: 'Biology' }), 403, 'forbidden');
    expectProblem(await at(eve).patch(`/api/v1/labs/${team}`, { domain: 'Biology' }), 404, 'not-found');
    await eventually(
      async () => (await at(jane).get(`/api/v1/labs/${team}`)).body.lab_name === 'AI Research Lab',
      'the new name in the read model',
    );
  });

  it('validates lab edits with pointers into the body', async () => {
    expect(pointersOf(await at(john).patch(`/api/v1/labs/${team}`, {}))).toEqual(['/body']);
    expect(pointersOf(await at(john).patch(`/api/v1/labs/${team}`, { lab_name: '  ', extra: 1 }))).toEqual([
      '/body/extra',
      '/body/lab_name',
    ]);
    expect(
      pointersOf(await at(john).patch(`/api/v1/labs/${team}`, { lab_name: 'x'.repeat(101), domain: 'y'.repeat(101) })),
    ).toEqual(['/body/domain', '/body/lab_name']);
  });

  it("lists the caller's labs with their role", async () => {
    const { labs } = ok(await at(jane).get('/api/v1/labs'));
    expect(labs.map((l: { organization_id: string; role: string }) => [l.organization_id, l.role])).toEqual([
      [jane.organization_id, 'owner'],
      [team, 'member'],
    ]);
  });
});

describe('researchers', () => {
  it('makes a researcher of every user who joins an organization, visible to their colleagues', async () => {
    const profile = await eventually(async () => {
      const answer = await at(john).get(`/api/v1/researchers/${jane.id}`);
      return answer.status === 200 && answer.body;
    }, "jane's profile, seen by a colleague");
    expect(profile).toEqual({
      id: researcherProfileId(jane.id),
      user_id: jane.id,
      username: 'jane',
      expertise_domains: [],
      years_experience: null,
      created_at: '2026-02-27T09:00:00.000Z',
      updated_at: null,
    });
    expectProblem(await at(eve).get(`/api/v1/researchers/${jane.id}`), 404, 'not-found');
  });

  it('lets only researchers themselves state their expertise and experience', async () => {
    const body = { expertise_domains: ['NLP', ' Machine Learning '], years_experience: 5 };
    expect(ok(await at(jane).put(`/api/v1/researchers/${jane.id}`, body))).toMatchObject({
      expertise_domains: ['NLP', 'Machine Learning'],
      years_experience: 5,
    });
    expectProblem(await at(john).put(`/api/v1/researchers/${jane.id}`, body), 403, 'forbidden');
    expectProblem(await at(eve).put(`/api/v1/researchers/${jane.id}`, body), 404, 'not-found');
    ok(
      await at(john).put(`/api/v1/researchers/${john.id}`, {
        expertise_domains: ['Machine Learning'],
        years_experience: 12,
      }),
    );
    await eventually(
      async () => (await at(mark).get(`/api/v1/researchers/${jane.id}`)).body.years_experience === 5,
      'the statement in the read model',
    );
  });

  it('validates researcher statements with pointers into the body', async () => {
    const put = (body: unknown) => at(jane).put(`/api/v1/researchers/${jane.id}`, body);
    expect(pointersOf(await put({ expertise_domains: ['NLP', 'nlp'], years_experience: 81 }))).toEqual([
      '/body/expertise_domains',
      '/body/years_experience',
    ]);
    expect(
      pointersOf(
        await put({ expertise_domains: Array.from({ length: 21 }, (_, i) => `d${i}`), years_experience: 1.5 }),
      ),
    ).toEqual(['/body/expertise_domains', '/body/years_experience']);
    expect(pointersOf(await put({ expertise_domains: ['x'.repeat(51)], years_experience: -1 }))).toEqual([
      '/body/expertise_domains/0',
      '/body/years_experience',
    ]);
    expect(pointersOf(await put({ expertise_domains: [] }))).toEqual(['/body/years_experience']);
  });

  it("lists a lab's researchers with their roles", async () => {
    const { researchers } = ok(await at(jane).get(`/api/v1/labs/${team}/researchers`));
    expect(researchers.map((r: { username: string; role: string }) => [r.username, r.role])).toEqual([
      ['john_doe', 'owner'],
      ['jane', 'member'],
      ['mark', 'manager'],
    ]);
  });
});

describe('analytics', () => {
  it('counts researchers, expertise, projects and tasks, and sums the activity of this week', async () => {
    const owner = at(john);
    const project = (await owner.atlas('POST', `/api/v1/organizations/${team}/projects`, { name: 'Transformers' })).id;
    const archived = (await owner.atlas('POST', `/api/v1/organizations/${team}/projects`, { name: 'Old' })).id;
    await owner.atlas('POST', `/api/v1/projects/${archived}/archive`);
    const task = async (title: string) =>
      (await owner.atlas('POST', `/api/v1/projects/${project}/tasks`, { title })).id as string;

    // Last week (Friday): one task started at 09:00, completed at 11:00 (2 h).
    const t3 = await task('t3');
    await owner.atlas('POST', `/api/v1/tasks/${t3}/start`);
    setClock('2026-02-27T11:00:00.000Z');
    await owner.atlas('POST', `/api/v1/tasks/${t3}/complete`);
    await task('t1'); // stays open
    const t2 = await task('t2');
    await owner.atlas('POST', `/api/v1/tasks/${t2}/start`); // stays started
    const t4 = await task('t4');
    const t5 = await task('t5');
    // This week (Wednesday): t4 started at 08:00 and completed at 12:00 (4 h); t5 completed from open (0 h).
    setClock('2026-03-04T08:00:00.000Z');
    await owner.atlas('POST', `/api/v1/tasks/${t4}/start`);
    setClock('2026-03-04T12:00:00.000Z');
    await owner.atlas('POST', `/api/v1/tasks/${t4}/complete`);
    await owner.atlas('POST', `/api/v1/tasks/${t5}/complete`);

    const analytics = await eventually(async () => {
      const body = ok(await at(jane).get(`/api/v1/labs/${team}/analytics`));
      const settled =
        body.tasks.completed === 3 &&
        body.tasks.started === 1 &&
        body.projects.archived === 1 &&
        body.activity_this_week?.active_seconds === 3600;
      return settled && body;
    }, 'the analytics to settle');

    const days = ['02', '03', '04', '05', '06', '07', '08'].map((d) => ({
      date: `2026-03-${d}`,
      active_seconds: d === '04' ? 3600 : 0,
      active_members: d === '04' ? 2 : 0,
    }));
    expect(analytics).toEqual({
      organization_id: team,
      lab_name: 'AI Research Lab',
      domain: 'Machine Learning',
      generated_at: '2026-03-04T12:00:00.000Z',
      researchers: {
        count: 3,
        members: [
          { user_id: john.id, username: 'john_doe', role: 'owner' },
          { user_id: jane.id, username: 'jane', role: 'member' },
          { user_id: mark.id, username: 'mark', role: 'manager' },
        ],
      },
      expertise_distribution: { 'Machine Learning': 2, NLP: 1 },
      projects: { total: 2, active: 1, archived: 1 },
      tasks: { total: 5, open: 1, started: 1, completed: 3, completion_rate: 0.6, median_cycle_time_hours: 2 },
      activity_this_week: {
        week_start: '2026-03-02',
        week_end: '2026-03-08',
        timezone: 'UTC',
        active_seconds: 3600,
        active_hours: 1,
        member_days: 2,
        days,
      },
      notes: [],
    });
  });
});

describe('who sees what', () => {
  const unknownOrganization = '0b6f1a52-6f0a-4d3e-9a53-1c2d3e4f5a6b';
  let operations: Awaited<ReturnType<typeof operationsOf>>;
  beforeAll(async () => {
    operations = (await operationsOf(nexacore)).filter((o) => o.requiresToken);
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /api/v1/labs',
      'GET /api/v1/labs/{organization_id}',
      'GET /api/v1/labs/{organization_id}/analytics',
      'GET /api/v1/labs/{organization_id}/researchers',
      'GET /api/v1/researchers/{user_id}',
      'PATCH /api/v1/labs/{organization_id}',
      'PUT /api/v1/researchers/{user_id}',
    ]);
  });

  const validBodies: Record<string, unknown> = {
    'PATCH /api/v1/labs/{organization_id}': { domain: 'Forged' },
    'PUT /api/v1/researchers/{user_id}': { expertise_domains: ['Forged'], years_experience: 1 },
  };
  const call = (
    operation: { method: string; path: string },
    ids: { organization_id: string; user_id: number | string },
    headers: Record<string, string>,
  ) =>
    request(nexacore, operation.method, fillPath(operation.path, ids), {
      headers,
      ...(validBodies[`${operation.method} ${operation.path}`]
        ? { body: validBodies[`${operation.method} ${operation.path}`] }
        : {}),
    });

  it("refuses another organization's ids, unknown ids and malformed ids on every route (404)", async () => {
    const withIds = operations.filter((o) => o.path.includes('{'));
    const head = await system.events.headPosition();
    for (const ids of [
      { organization_id: team, user_id: jane.id },
      { organization_id: unknownOrganization, user_id: 99_999 },
      { organization_id: 'not-a-uuid', user_id: 'abc' },
      { organization_id: `${team}x`, user_id: 0 },
    ]) {
      for (const operation of withIds) {
        const answer = await call(operation, ids, { authorization: `Bearer ${eve.token}` });
        expectProblem(answer, 404, 'not-found');
      }
    }
    expect(await system.events.headPosition()).toBe(head);
  });

  it('answers 401 to a missing, malformed or forged token on every route, and writes nothing', async () => {
    const key = loadOrCreateSigningKey(system.dataDir);
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const claims = { username: 'john_doe' };
    const options = { issuer: 'atlas', audience: 'atlas-services', subject: String(john.id), expiresIn: 600 };
    const forgedKey = jwt.sign(claims, stranger, { ...options, algorithm: 'ES256', keyid: key.kid });
    const wrongAudience = jwt.sign(claims, key.privateKey, {
      ...options,
      audience: 'elsewhere',
      algorithm: 'ES256',
      keyid: key.kid,
    });
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, key.privateKey, {
      issuer: 'atlas',
      audience: 'atlas-services',
      subject: String(john.id),
      algorithm: 'ES256',
      keyid: key.kid,
    });
    const [header, payload] = john.token.split('.');
    const unsigned = `${header}.${payload}.`;
    const authorizations = [
      undefined,
      'Bearer',
      'Bearer not.a.jwt',
      `Bearer ${forgedKey}`,
      `Bearer ${wrongAudience}`,
      `Bearer ${expired}`,
      `Bearer ${unsigned}`,
      `Basic ${Buffer.from('john_doe:x').toString('base64')}`,
    ];
    const head = await system.events.headPosition();
    for (const operation of operations) {
      for (const authorization of authorizations) {
        const answer = await call(
          operation,
          { organization_id: team, user_id: john.id },
          authorization === undefined ? {} : { authorization },
        );
        expectProblem(answer, 401, 'unauthorized');
      }
    }
    expect(await system.events.headPosition()).toBe(head);
  });

  it('answers /healthz and /openapi.json without a token', async () => {
    const health = await request(nexacore, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', service: 'nexacore', event_store: 'sqlite' });
    expect(health.body.projections.map((p: { projection: string }) => p.projection)).toEqual(
      expect.arrayContaining(['nexacore_labs', 'nexacore_researchers']),
    );
    expect((await request(nexacore, 'GET', '/openapi.json')).body.openapi).toMatch(/^3\./);
  });
});
