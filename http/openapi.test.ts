/**
 * The OpenAPI document served at /openapi.json, built from the same route definitions that serve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSample, type RunningSample } from './fixtures/sample-service.js';
import { buildOpenApi, openApiPath } from './openapi.js';
import { defineRoute } from './route.js';

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
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
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
      '/healthz',
      '/openapi.json',
    ]);
    expect(Object.keys(doc.paths['/api/v1/labs/{organization_id}']!).sort()).toEqual(['get', 'patch']);
  });

  it('describes parameters, bodies and responses from the zod schemas', () => {
    const get = doc.paths['/api/v1/labs/{organization_id}']!.get;
    expect(get.parameters).toEqual([
      { name: 'organization_id', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', format: 'uuid' }) },
      { name: 'from', in: 'query', required: false, schema: expect.objectContaining({ type: 'string', format: 'date' }) },
    ]);
    expect(get.responses['200'].content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['organization_id', 'lab_name']),
    );

    const post = doc.paths['/api/v1/activity/log']!.post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.records.items.properties.active_seconds).toMatchObject({ type: 'integer', minimum: 0, maximum: 60 });
    expect(post.responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
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

  it('gives every operation a unique operationId', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('buildOpenApi', () => {
  it('converts Koa paths', () => {
    expect(openApiPath('/api/v1/productivity/users/:user_id')).toBe('/api/v1/productivity/users/{user_id}');
  });

  it('moves named schemas into components and points at them', () => {
    const Member = z.object({ user_id: z.number().int(), role: z.enum(['owner', 'manager', 'member']) }).meta({ id: 'Member' });
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
    const schema = document.paths['/api/v1/organizations/{id}']!.get.responses['200'].content['application/json'].schema;
    expect(schema.properties.owner).toEqual({ $ref: '#/components/schemas/Member' });
    expect(danglingRefs(document)).toEqual([]);
  });
});
