/**
 * The OpenAPI 3.1 document of a service, built from its route definitions (zod 4's
 * `z.toJSONSchema`; 3.1 schemas are JSON Schema 2020-12, zod's default target).
 *
 * Each operation lists exactly the statuses it can answer (`declaredResponses`), every error as a
 * problem document, and no `default`: a contract test or a fuzzer can then tell an undeclared
 * status from a declared one. Answered before any operation is found, and so not listed per
 * operation: 404 for an unknown path, 405 (with `Allow`) for a method a path does not have, 431
 * for request headers over the server's limit; all problem+json as well.
 */
import { z } from 'zod';
import { LAST_EVENT_ID_PATTERN, type EventStreamSpec } from './event-stream.js';
import { PROBLEM_TYPE_BASE } from './problem.js';
import { declaredResponses, type Route } from './route.js';

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** `/labs/:organization_id` → `/labs/{organization_id}`. */
export const openApiPath = (koaPath: string): string => koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', examples: [`${PROBLEM_TYPE_BASE}validation`] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: {
            type: 'string',
            description: 'JSON pointer into the request, e.g. /body/records/3/active_seconds',
          },
          detail: { type: 'string' },
        },
      },
    },
  },
};

/** Headers that come with an error status, whichever route answers it. */
const problemHeaders: Partial<Record<number, Record<string, unknown>>> = {
  401: {
    'WWW-Authenticate': {
      description: 'The scheme to authenticate with (RFC 6750)',
      required: true,
      schema: { type: 'string' },
    },
  },
  429: {
    'Retry-After': {
      description: 'Seconds to wait before trying again',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    },
  },
  503: {
    'Retry-After': {
      description:
        'Seconds to wait before retrying, when the condition is passing (a busy store, a read model catching up)',
      schema: { type: 'integer', minimum: 0 },
    },
  },
};

const problemResponse = (description: string, status?: number) => ({
  description,
  ...(status !== undefined && problemHeaders[status] ? { headers: problemHeaders[status] } : {}),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * Named schemas (`.meta({ id })`) come out of zod as `$defs` local to one schema; an OpenAPI
 * document resolves `#/...` from its root, so they are moved to `components/schemas`.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = { Problem: problemSchema };

  convert(schema: z.ZodType): JsonSchema {
    const {
      $schema: _ignored,
      $defs,
      ...rest
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const renames = new Map<string, string>();
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => {
          if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
            const name = v.slice('#/$defs/'.length);
            return [k, `#/components/schemas/${renames.get(name) ?? name}`];
          }
          return [k, rewrite(v)];
        }),
      );
    };
    // A component already stored holds rewritten references: compare it with this one rewritten.
    for (const [name, def] of Object.entries($defs ?? {})) {
      let target = name;
      for (let n = 2; target in this.components && !sameJson(this.components[target], rewrite(def)); n += 1) {
        target = `${name}_${n}`;
      }
      renames.set(name, target);
    }
    for (const [name, def] of Object.entries($defs ?? {}))
      this.components[renames.get(name)!] = rewrite(def) as JsonSchema;
    return rewrite(rest) as JsonSchema;
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function parameters(route: Route, collector: SchemaCollector) {
  const out: Record<string, unknown>[] = [];
  const fromSchema = (location: 'path' | 'query', schema: z.ZodType | undefined) => {
    if (!schema) return;
    const json = collector.convert(schema);
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((json.properties as Record<string, JsonSchema>) ?? {})) {
      const { description, ...rest } = property;
      // An empty segment cannot reach the route (the path would be another one).
      const schema =
        location === 'path' && rest.type === 'string' && rest.minLength === undefined
          ? { ...rest, minLength: 1 }
          : rest;
      out.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        ...(description === undefined ? {} : { description }),
        schema,
      });
    }
  };
  fromSchema('path', route.params);
  fromSchema('query', route.query);
  return out;
}

/**
 * A stream of server-sent events: OpenAPI 3.1 has no schema for the items of a stream (3.2's
 * `itemSchema`), so the body is a string and `x-events` lists each event with its data's schema.
 */
function eventStreamContent(spec: EventStreamSpec, collector: SchemaCollector) {
  return {
    'text/event-stream': {
      schema: {
        type: 'string',
        description:
          'Server-sent events: blocks of `id: <id>` (when it has one), `event: <name>` and `data: <JSON>`, ' +
          'each ended by a blank line; comments (`: keep-alive`) are heartbeats, and may carry an `id:` alone.',
      },
      'x-events': Object.fromEntries(
        Object.entries(spec.events).map(([name, event]) => [
          name,
          { description: event.description, data: collector.convert(event.data) },
        ]),
      ),
    },
  };
}

/** The header a client resumes a stream with (an EventSource sends it on reconnect). */
const lastEventIdParameter = {
  name: 'Last-Event-ID',
  in: 'header',
  required: false,
  description: 'The id of the last event received: the stream resumes after it (missed events first).',
  schema: { type: 'string', pattern: LAST_EVENT_ID_PATTERN },
};

function operation(route: Route, collector: SchemaCollector) {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of declaredResponses(route)) {
    // Errors are thrown as problems: every error status is a problem document (defineRoute refuses a schema there).
    if (status >= 400)
      responses[status] = {
        ...problemResponse(spec.description, status),
        ...(spec.problems?.length ? { 'x-problem-types': spec.problems.map((kind) => PROBLEM_TYPE_BASE + kind) } : {}),
      };
    else if (spec.eventStream)
      responses[status] = { description: spec.description, content: eventStreamContent(spec.eventStream, collector) };
    else
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { 'application/json': { schema: collector.convert(spec.schema) } } } : {}),
      };
  }

  const params = parameters(route, collector);
  if ([...declaredResponses(route).values()].some((spec) => spec.eventStream?.resumable))
    params.push(lastEventIdParameter);
  const method = route.method.toLowerCase();
  return {
    operationId: route.operationId ?? `${method}${route.path.replace(/[^A-Za-z0-9]+/g, '_')}`.replace(/_+$/, ''),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.tags ? { tags: route.tags } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: collector.convert(route.body) } } } }
      : {}),
    responses,
    security: route.auth === 'required' ? [{ bearer: [] }] : [],
  };
}

export function buildOpenApi(info: OpenApiInfo, routes: readonly Route[]) {
  const collector = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route, collector);
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Atlas access token (ES256)' },
      },
    },
  };
}
