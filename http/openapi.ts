/**
 * The OpenAPI 3.1 document of a service, built from its route definitions (zod 4's
 * `z.toJSONSchema`; 3.1 schemas are JSON Schema 2020-12, zod's default target).
 */
import { z } from 'zod';
import { PROBLEM_TYPE_BASE } from './problem.js';
import type { Route } from './route.js';

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
          pointer: { type: 'string', description: 'JSON pointer into the request, e.g. /body/records/3/active_seconds' },
          detail: { type: 'string' },
        },
      },
    },
  },
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * Named schemas (`.meta({ id })`) come out of zod as `$defs` local to one schema; an OpenAPI
 * document resolves `#/...` from its root, so they are moved to `components/schemas`.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = { Problem: problemSchema };

  convert(schema: z.ZodType): JsonSchema {
    const { $schema: _ignored, $defs, ...rest } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const renames = new Map<string, string>();
    for (const [name, def] of Object.entries($defs ?? {})) {
      let target = name;
      for (let n = 2; target in this.components && !sameJson(this.components[target], def); n += 1) {
        target = `${name}_${n}`;
      }
      renames.set(name, target);
    }
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
    for (const [name, def] of Object.entries($defs ?? {})) this.components[renames.get(name)!] = rewrite(def) as JsonSchema;
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
      out.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        ...(description === undefined ? {} : { description }),
        schema: rest,
      });
    }
  };
  fromSchema('path', route.params);
  fromSchema('query', route.query);
  return out;
}

function operation(route: Route, collector: SchemaCollector) {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses as Record<string, { description: string; schema?: z.ZodType }>)) {
    // Errors are thrown as problems, so a declared error status without a schema is a problem document.
    if (!spec.schema && Number(status) >= 400) responses[status] = problemResponse(spec.description);
    else
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { 'application/json': { schema: collector.convert(spec.schema) } } } : {}),
      };
  }
  const takesInput = route.params || route.query || route.body;
  if (takesInput && !responses['400']) responses['400'] = problemResponse('Invalid request (see `errors`)');
  if (route.auth === 'required' && !responses['401']) responses['401'] = problemResponse('Missing or invalid token');
  if (route.body && !responses['413']) responses['413'] = problemResponse('Request body too large');
  if (route.body && !responses['415']) responses['415'] = problemResponse('Request body is not JSON');
  responses.default = problemResponse('Any other error');

  const params = parameters(route, collector);
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
