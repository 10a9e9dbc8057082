/**
 * Route definitions refuse, at start-up, what would otherwise fail quietly at request time; and the
 * pure pieces of validation (pointers, issue mapping).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Problem } from './problem.js';
import { defineRoute } from './route.js';
import { fieldErrors, jsonPointer, looseObjects, parseRequest } from './validate.js';

const ok = { 200: { description: 'ok' } };
const handler = async () => ({ status: 200 });

describe('defineRoute', () => {
  it('refuses a path parameter missing from the params schema, and the reverse', () => {
    expect(() =>
      defineRoute({
        method: 'GET',
        path: '/labs/:organization_id',
        summary: 's',
        auth: 'none',
        responses: ok,
        handler,
      }),
    ).toThrow(/organization_id/);
    expect(() =>
      defineRoute({
        method: 'GET',
        path: '/labs',
        summary: 's',
        auth: 'none',
        params: z.object({ id: z.string() }),
        responses: ok,
        handler,
      }),
    ).toThrow(/params schema \[id\]/);
  });

  it('refuses a body schema that is not strict at every depth', () => {
    const nestedLoose = z.strictObject({ records: z.array(z.object({ id: z.string() })) });
    expect(() =>
      defineRoute({
        method: 'POST',
        path: '/x',
        summary: 's',
        auth: 'none',
        body: nestedLoose,
        responses: ok,
        handler,
      }),
    ).toThrow(/\/records\/\*/);
  });

  it('refuses a schema on an error response (every error is a problem document) and a route without a success', () => {
    const withSchema = {
      200: { description: 'ok' },
      404: { description: 'gone', schema: z.object({ why: z.string() }) },
    };
    expect(() =>
      defineRoute({ method: 'GET', path: '/x', summary: 's', auth: 'none', responses: withSchema, handler }),
    ).toThrow(/error responses \(404\)/);
    const onlyErrors = { 404: { description: 'gone' } };
    expect(() =>
      defineRoute({ method: 'GET', path: '/x', summary: 's', auth: 'none', responses: onlyErrors, handler }),
    ).toThrow(/no success/);
  });

  it('refuses problem kinds declared on a status they do not go with', () => {
    const oauth = { 200: { description: 'ok' }, 400: { description: 'no', problems: ['invalid-grant'] as const } };
    expect(() =>
      defineRoute({ method: 'GET', path: '/x', summary: 's', auth: 'none', responses: oauth, handler }),
    ).not.toThrow();
    const off = { 200: { description: 'ok' }, 404: { description: 'no', problems: ['invalid-grant'] as const } };
    expect(() =>
      defineRoute({ method: 'GET', path: '/x', summary: 's', auth: 'none', responses: off, handler }),
    ).toThrow(/invalid-grant on 404/);
  });

  it('accepts a strict body', () => {
    const strict = z.strictObject({
      records: z.array(z.strictObject({ id: z.string(), tags: z.array(z.string()).optional() })),
      scores: z.strictObject({ quality: z.number() }).nullable(),
    });
    const route = defineRoute({
      method: 'POST',
      path: '/x',
      summary: 's',
      auth: 'none',
      body: strict,
      responses: ok,
      handler,
    });
    expect(route.path).toBe('/x');
  });
});

describe('looseObjects', () => {
  it('finds loose objects through optional, union, record and pipe', () => {
    const schema = z.strictObject({
      a: z.object({}).optional(),
      b: z.union([z.strictObject({}), z.looseObject({})]),
      c: z.record(z.string(), z.object({})),
      d: z.strictObject({ e: z.string() }).transform((v) => v.e),
    });
    expect(looseObjects(schema).sort()).toEqual(['/a', '/b', '/c/*']);
  });
});

describe('validation pointers', () => {
  it('escapes ~ and / (RFC 6901)', () => {
    expect(jsonPointer(['body', 'a/b', 'c~d', 3])).toBe('/body/a~1b/c~0d/3');
  });

  it('gives each unknown key its own pointer', () => {
    const result = z.strictObject({ a: z.string() }).safeParse({ a: 'x', b: 1, c: 2 });
    expect(fieldErrors('body', result.error!.issues)).toEqual([
      { pointer: '/body/b', detail: 'unknown field' },
      { pointer: '/body/c', detail: 'unknown field' },
    ]);
  });

  it('collects errors from params, query and body in one problem', () => {
    const schemas = {
      params: z.object({ id: z.uuid() }),
      query: z.object({ from: z.iso.date() }),
      body: z.strictObject({ n: z.number() }),
    };
    let thrown: unknown;
    try {
      parseRequest(schemas, { params: { id: 'x' }, query: {}, body: { n: 'one' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Problem);
    expect((thrown as Problem).status).toBe(400);
    expect((thrown as Problem).errors!.map((e) => e.pointer)).toEqual(['/params/id', '/query/from', '/body/n']);
  });

  it('returns parsed values (coercion applies)', () => {
    const parsed = parseRequest(
      { query: z.object({ limit: z.coerce.number().int() }) },
      { params: {}, query: { limit: '25' }, body: undefined },
    );
    expect(parsed.query).toEqual({ limit: 25 });
  });
});
