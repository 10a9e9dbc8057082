/**
 * The OpenAPI document served at /openapi.json, built from the same route definitions that serve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSample, type RunningSample } from './fixtures/sample-service.js';
import { buildOpenApi, openApiPath } from './openapi.js';
import { declaredResponses, defineRoute } from './route.js';

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, any> };
};

let service: RunningSample;
let doc: Doc;
beforeAll(async () => {
  service = await startSample();
  const response = await fetch(`${service.url}/openapi.json`);
  expect(response.status).toBe(200);
  doc = (await response.json()) as Doc;
});
afterAll(async () => {
  await service.close();
});

/** Every `$ref` in the document resolves from its root. */
function danglingRefs(document: unknown): string[] {
  const dangling: string[] = [];
  const resolve = (ref: string) =>
    ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && (typeof value !== 'string' || !value.startsWith('#/') || resolve(value) === undefined)) {
        dangling.push(String(value));
      }
      walk(value);
    }
  };
  walk(document);
  return dangling;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document for the service', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'sample', version: '1.2.3' });
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(danglingRefs(doc)).toEqual([]);
  });

  it('lists every route with OpenAPI path templates, the standard ones included', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/activity/log',
      '/api/v1/boom',
      '/api/v1/forbidden',
      '/api/v1/labs/{organization_id}',
      '/api/v1/limited',
      '/api/v1/me',
      '/api/v1/off-contract',
      '/api/v1/tasks/{task_id}/start',
      '/api/v1/undeclared',
      '/healthz',
      '/openapi.json',
    ]);
    expect(Object.keys(doc.paths['/api/v1/labs/{organization_id}']!).sort()).toEqual(['get', 'patch']);
  });

  it('describes parameters, bodies and responses from the zod schemas', () => {
    const get = doc.paths['/api/v1/labs/{organization_id}']!.get;
    expect(get.parameters).toEqual([
      {
        name: 'organization_id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ type: 'string', format: 'uuid' }),
      },
      {
        name: 'from',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'string', format: 'date' }),
      },
    ]);
    expect(get.responses['200'].content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['organization_id', 'lab_name']),
    );

    const post = doc.paths['/api/v1/activity/log']!.post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.records.items.properties.active_seconds).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 60,
    });
    expect(post.responses['400'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(post.responses['415']).toBeDefined();
  });

  it('marks which operations need a bearer token', () => {
    expect(doc.paths['/api/v1/me']!.get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/me']!.get.responses['401']).toBeDefined();
    expect(doc.paths['/healthz']!.get.security).toEqual([]);
  });

  it('documents declared error statuses as problem documents', () => {
    expect(doc.paths['/healthz']!.get.responses['503'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
  });

  it("declares exactly the statuses each operation can answer, the kit's own from the route's shape, and no default", () => {
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]![method].responses);
    // Nothing to validate, no token, no store: only its success and the unexpected.
    expect(statuses('/openapi.json', 'get')).toEqual(['200', '500']);
    expect(statuses('/api/v1/undeclared', 'get')).toEqual(['200', '500']);
    // A store behind it: 503 too.
    expect(statuses('/healthz', 'get')).toEqual(['200', '500', '503']);
    // A token: 401.
    expect(statuses('/api/v1/me', 'get')).toEqual(['200', '401', '500', '503']);
    // Params and query that can be refused: 400.
    expect(statuses('/api/v1/labs/{organization_id}', 'get')).toEqual(['200', '400', '500', '503']);
    // A body: 400, 413, 415 (and 401 for the token).
    expect(statuses('/api/v1/labs/{organization_id}', 'patch')).toEqual([
      '204',
      '400',
      '401',
      '413',
      '415',
      '500',
      '503',
    ]);
    // A POST without a body schema still reads a body (and refuses one: 400), and declares its own 409.
    expect(statuses('/api/v1/tasks/{task_id}/start', 'post')).toEqual([
      '204',
      '400',
      '409',
      '413',
      '415',
      '500',
      '503',
    ]);
    expect(statuses('/api/v1/limited', 'get')).toEqual(['200', '429', '500', '503']);
    expect(JSON.stringify(doc)).not.toContain('"default":{"description"');
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        expect(op.responses.default).toBeUndefined();
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          if (Number(status) >= 400) {
            expect(response.content).toEqual({
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            });
          }
        }
      }
    }
  });

  it('documents the headers that come with 401, 429 and 503', () => {
    expect(doc.paths['/api/v1/me']!.get.responses['401'].headers['WWW-Authenticate']).toMatchObject({ required: true });
    expect(doc.paths['/api/v1/limited']!.get.responses['429'].headers['Retry-After']).toMatchObject({ required: true });
    expect(doc.paths['/api/v1/me']!.get.responses['503'].headers['Retry-After'].schema).toEqual({
      type: 'integer',
      minimum: 0,
    });
  });

  it('states that a path parameter is never empty', () => {
    const [id] = doc.paths['/api/v1/tasks/{task_id}/start']!.post.parameters;
    expect(id).toMatchObject({ name: 'task_id', in: 'path', required: true, schema: { type: 'string', minLength: 1 } });
  });

  it('gives every operation a unique operationId', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('declaredResponses', () => {
  const route = (extra: Record<string, unknown>) =>
    defineRoute({
      method: 'GET',
      path: '/x/:id',
      summary: 's',
      auth: 'none',
      params: z.object({ id: z.string() }),
      responses: { 200: { description: 'ok' } },
      handler: async () => ({ status: 200 }),
      ...extra,
    });

  it("adds no 400 for path parameters every string passes (an unknown id is the route's 404)", () => {
    expect([...declaredResponses(route({})).keys()]).toEqual([200, 500, 503]);
    expect([...declaredResponses(route({ params: z.object({ id: z.uuid() }) })).keys()]).toEqual([200, 400, 500, 503]);
  });

  it('lets a route keep its own description of a kit status', () => {
    const own = route({ auth: 'required', responses: { 200: { description: 'ok' }, 401: { description: 'mine' } } });
    expect(declaredResponses(own).get(401)!.description).toBe('mine');
  });
});

describe('buildOpenApi', () => {
  it('stores a named schema once, also when it holds another named schema and is used by several routes', () => {
    const Member = z.object({ user_id: z.int() }).meta({ id: 'Member' });
    const Team = z.object({ name: z.string(), members: z.array(Member) }).meta({ id: 'Team' });
    const route = (path: string) =>
      defineRoute({
        method: 'GET',
        path,
        summary: path,
        auth: 'none',
        responses: { 200: { description: 'ok', schema: Team } },
        handler: async () => ({ status: 200, body: { name: 'x', members: [] } }),
      });
    const document = buildOpenApi({ title: 't', version: '1' }, [route('/a'), route('/b'), route('/c')]) as unknown as {
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Member', 'Problem', 'Team']);
  });

  it('converts Koa paths', () => {
    expect(openApiPath('/api/v1/productivity/users/:user_id')).toBe('/api/v1/productivity/users/{user_id}');
  });

  it("lists the problem kinds an error status may carry besides the kit's as x-problem-types", () => {
    const route = defineRoute({
      method: 'POST',
      path: '/token',
      summary: 'A token endpoint',
      auth: 'none',
      body: z.strictObject({ code: z.string() }),
      responses: {
        200: { description: 'ok' },
        400: { description: 'refused', problems: ['authorization-pending', 'invalid-grant'] },
      },
      handler: async () => ({ status: 200 }),
    });
    const document = buildOpenApi({ title: 't', version: '1' }, [route]) as unknown as Doc;
    const responses = document.paths['/token']!.post.responses;
    expect(responses['400']['x-problem-types']).toEqual([
      'https://atlas.dev/problems/authorization-pending',
      'https://atlas.dev/problems/invalid-grant',
    ]);
    expect(responses['415']['x-problem-types']).toBeUndefined();
  });

  it('moves named schemas into components and points at them', () => {
    const Member = z
      .object({ user_id: z.number().int(), role: z.enum(['owner', 'manager', 'member']) })
      .meta({ id: 'Member' });
    const route = defineRoute({
      method: 'GET',
      path: '/api/v1/organizations/:id',
      summary: 'An organization',
      auth: 'none',
      params: z.object({ id: z.uuid() }),
      responses: { 200: { description: 'ok', schema: z.object({ owner: Member, members: z.array(Member) }) } },
      handler: async () => ({ status: 200, body: {} }),
    });
    const document = buildOpenApi({ title: 't', version: '1' }, [route]) as unknown as Doc;
    expect(document.components.schemas.Member.properties.role.enum).toEqual(['owner', 'manager', 'member']);
    const schema =
      document.paths['/api/v1/organizations/{id}']!.get.responses['200'].content['application/json'].schema;
    expect(schema.properties.owner).toEqual({ $ref: '#/components/schemas/Member' });
    expect(danglingRefs(document)).toEqual([]);
  });
});
