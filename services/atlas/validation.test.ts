/**
 * Every route refuses what it cannot take with a 4xx problem (RFC 9457) and appends nothing:
 * broken JSON, wrong types, unknown fields, oversize and non-JSON bodies. The routes come from the
 * service's own /openapi.json, so a new route is covered without touching this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectProblem,
  fillPath,
  operationsOf,
  pointersOf,
  startAtlas,
  type AtlasUnderTest,
  type CallOptions,
  type Ids,
  type Operation,
  type SignedUp,
} from './fixture.js';

let atlas: AtlasUnderTest;
let owner: SignedUp;
let ids: Ids;
let operations: Operation[];
beforeAll(async () => {
  atlas = await startAtlas();
  owner = await atlas.signUp('owner');
  const organization = await atlas.call('POST', '/api/v1/organizations', {
    token: owner.token,
    body: { name: 'Acme' },
  });
  const project = await atlas.call('POST', `/api/v1/organizations/${organization.body.id}/projects`, {
    token: owner.token,
    body: { name: 'Rocket' },
  });
  const task = await atlas.call('POST', `/api/v1/projects/${project.body.id}/tasks`, {
    token: owner.token,
    body: { title: 'Fuel' },
  });
  expect([organization.status, project.status, task.status]).toEqual([201, 201, 201]);
  ids = { organization: organization.body.id, project: project.body.id, task: task.body.id, user: owner.id };
  operations = (await operationsOf(atlas.url)).filter((o) => ['POST', 'PUT', 'PATCH'].includes(o.method));
});
afterAll(async () => {
  await atlas.close();
});

/** Sends to a route with a valid token and real ids: only the request itself can be at fault. */
const send = (operation: Operation, options: CallOptions) =>
  atlas.call(operation.method, fillPath(operation.path, ids), { token: owner.token, ...options });

/** Runs `check` on every route that takes a body (or on every writing route), then asserts the log did not grow. */
async function onEveryRoute(which: 'with a body' | 'writing', check: (operation: Operation) => Promise<void>) {
  const chosen = which === 'writing' ? operations : operations.filter((o) => o.body);
  expect(chosen.length).toBeGreaterThan(which === 'writing' ? 12 : 9);
  const before = await atlas.head();
  for (const operation of chosen) await check(operation);
  expect(await atlas.head(), 'a refused request appends nothing').toBe(before);
}

const where = (operation: Operation) => `${operation.method} ${operation.path}`;

/** A value of the wrong JSON type for a property: a number where text goes, else text. */
function wrongType(schema: unknown): unknown {
  const accepts = JSON.stringify(schema);
  return /"type":"string"/.test(accepts) ? 12345 : 'not the right type';
}

describe('every writing route', () => {
  it('answers broken JSON with 400 malformed-request', async () => {
    await onEveryRoute('writing', async (operation) => {
      for (const raw of ['{"name": ', '{name: 1}', '"just a string"']) {
        const answer = await send(operation, { raw, headers: { 'content-type': 'application/json' } });
        expect(answer.status, `${where(operation)} ${raw}`).toBe(400);
        expectProblem(answer, 400, 'malformed-request');
      }
    });
  });

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    await onEveryRoute('writing', async (operation) => {
      const answer = await send(operation, { raw: big, headers: { 'content-type': 'application/json' } });
      expect(answer.status, where(operation)).toBe(413);
      expectProblem(answer, 413, 'payload-too-large');
    });
  });

  it('answers a body that is not JSON with 415', async () => {
    await onEveryRoute('writing', async (operation) => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const answer = await send(operation, { raw: 'name=Acme', headers: { 'content-type': type } });
        expect(answer.status, `${where(operation)} ${type}`).toBe(415);
        expectProblem(answer, 415, 'unsupported-media-type');
      }
    });
  });

  it('answers a JSON array instead of an object with 400 validation', async () => {
    await onEveryRoute('writing', async (operation) => {
      const answer = await send(operation, { body: [] });
      expect(answer.status, where(operation)).toBe(400);
      expect(pointersOf(answer)).toContain('/body');
    });
  });

  it('answers an unknown field with 400, pointing at it', async () => {
    await onEveryRoute('writing', async (operation) => {
      const answer = await send(operation, { body: { sneaky_extra: true } });
      expect(answer.status, where(operation)).toBe(400);
      const pointers = pointersOf(answer);
      // A route without a body refuses the body as a whole.
      expect(pointers, where(operation)).toContain(operation.body ? '/body/sneaky_extra' : '/body');
    });
  });

  it('answers wrong types with 400, pointing at every field at once', async () => {
    await onEveryRoute('with a body', async (operation) => {
      const properties = Object.entries(operation.body!.properties ?? {});
      expect(properties.length, where(operation)).toBeGreaterThan(0);
      const body = Object.fromEntries(properties.map(([name, schema]) => [name, wrongType(schema)]));
      const answer = await send(operation, { body });
      expect(answer.status, `${where(operation)} ${JSON.stringify(body)}`).toBe(400);
      expect(pointersOf(answer)).toEqual(properties.map(([name]) => `/body/${name}`).sort());
    });
  });

  it('answers missing required fields with 400, pointing at each', async () => {
    await onEveryRoute('with a body', async (operation) => {
      // A body whose fields are all optional takes `{}` (POST /api/v1/auth/device/code).
      if ((operation.body!.required ?? []).length === 0) return;
      const answer = await send(operation, { body: {} });
      expect(pointersOf(answer), where(operation)).toEqual(
        (operation.body!.required ?? []).map((name) => `/body/${name}`).sort(),
      );
    });
  });
});

describe('values the schema or the domain refuses', () => {
  const cases: [string, string, (ids: Ids) => unknown, string][] = [
    ['POST', '/api/v1/organizations', () => ({ name: '   ' }), '/body/name'],
    ['POST', '/api/v1/organizations', () => ({ name: 'Acme', timezone: 'Mars/Olympus' }), '/body/timezone'],
    ['POST', '/api/v1/organizations/{id}/members', () => ({ user_id: 1.5, role: 'member' }), '/body/user_id'],
    ['POST', '/api/v1/organizations/{id}/members', () => ({ user_id: 999_999, role: 'member' }), '/body/user_id'],
    ['POST', '/api/v1/organizations/{id}/members', (i) => ({ user_id: i.user, role: 'emperor' }), '/body/role'],
    ['POST', '/api/v1/projects/{id}/tasks', () => ({ title: 'Fuel', due_date: '2026-02-30' }), '/body/due_date'],
    ['POST', '/api/v1/projects/{id}/tasks', () => ({ title: 'x'.repeat(201) }), '/body/title'],
    ['POST', '/api/v1/tasks/{id}/assign', () => ({ user_id: 999_999 }), '/body/user_id'],
    ['POST', '/api/v1/auth/login', () => ({ username: '', password: 'x' }), '/body/username'],
  ];
  it.each(cases)('%s %s %j → 400 at %s', async (method, path, body, pointer) => {
    const before = await atlas.head();
    const answer = await atlas.call(method, fillPath(path, ids), { token: owner.token, body: body(ids) });
    expect(pointersOf(answer)).toEqual([pointer]);
    expect(await atlas.head()).toBe(before);
  });
});

describe('unknown routes and methods', () => {
  it('answers 404 problem for a path nothing serves', async () => {
    expectProblem(await atlas.call('GET', '/api/v1/nothing-here'), 404, 'not-found');
    expectProblem(await atlas.call('POST', '/api/v1/nothing-here', { body: {} }), 404, 'not-found');
  });

  it('answers 405 problem with Allow for a method a path does not serve', async () => {
    const login = await atlas.call('GET', '/api/v1/auth/login');
    expectProblem(login, 405, 'method-not-allowed');
    expect(login.headers.get('allow')).toMatch(/POST/);
    const organization = await atlas.call('DELETE', `/api/v1/organizations/${ids.organization}`, {
      token: owner.token,
    });
    expectProblem(organization, 405, 'method-not-allowed');
    expect(organization.headers.get('allow')).toMatch(/GET/);
  });

  it('answers 404 for ids that are not ids', async () => {
    for (const path of ['/api/v1/organizations/not-a-uuid', '/api/v1/projects/123', '/api/v1/tasks/%20']) {
      expectProblem(await atlas.call('GET', path, { token: owner.token }), 404, 'not-found');
    }
  });
});
