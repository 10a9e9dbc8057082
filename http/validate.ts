/**
 * zod at the HTTP boundary: parse a request's params, query and body with a route's schemas and
 * report every finding at once, each as a JSON pointer into the request (`/body/records/3/x`).
 */
import type { z } from 'zod';
import { validationProblem, type ProblemFieldError } from './problem.js';

export type RequestPart = 'params' | 'query' | 'body';

/** RFC 6901: `~` and `/` inside a segment are escaped. */
export function jsonPointer(segments: readonly PropertyKey[]): string {
  return segments.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** zod issues → field errors; an unknown field gets its own pointer, so the client sees which. */
export function fieldErrors(part: RequestPart, issues: readonly z.core.$ZodIssue[]): ProblemFieldError[] {
  return issues.flatMap((issue) => {
    const at = [part, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: jsonPointer([...at, key]), detail: 'unknown field' }));
    }
    return [{ pointer: jsonPointer(at), detail: issue.message }];
  });
}

export interface RequestSchemas {
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
}

export interface RawRequest {
  params: unknown;
  query: unknown;
  /** `undefined` when the request had no body. */
  body: unknown;
}

export interface ParsedRequest {
  params: unknown;
  query: unknown;
  body: unknown;
}

const isEmptyBody = (body: unknown): boolean =>
  body === undefined ||
  (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);

/**
 * Parses every part with its schema; throws one validation problem listing every error.
 * A route without a body schema takes no body: anything but nothing (or `{}`) is an error, so
 * a client that sends fields to the wrong route hears about it.
 */
export function parseRequest(schemas: RequestSchemas, raw: RawRequest): ParsedRequest {
  const errors: ProblemFieldError[] = [];
  const parsed: ParsedRequest = { params: raw.params, query: raw.query, body: undefined };
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = schemas[part];
    if (schema === undefined) {
      if (part === 'body' && !isEmptyBody(raw.body)) {
        errors.push({ pointer: '/body', detail: 'this route takes no request body' });
      }
      continue;
    }
    const result = schema.safeParse(raw[part]);
    if (result.success) parsed[part] = result.data;
    else errors.push(...fieldErrors(part, result.error.issues));
  }
  if (errors.length > 0) throw validationProblem(errors);
  return parsed;
}

/**
 * Body schemas must refuse unknown fields at every depth (z.strictObject). Checked once, when a
 * route is defined, so a forgotten `strict` fails at start-up instead of silently dropping data.
 * Returns the pointers of the offending objects (empty when the schema is strict throughout).
 */
export function looseObjects(schema: z.ZodType): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, at: string): void => {
    if (seen.has(node)) return;
    seen.add(node);
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    const child = (value: unknown, suffix: string) => walk(value, at + suffix);
    switch (def.type) {
      case 'object': {
        const catchall = (def.catchall as { _zod?: { def?: { type?: string } } } | undefined)?._zod?.def?.type;
        if (catchall !== 'never') found.push(at || '/');
        for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) child(value, `/${key}`);
        return;
      }
      case 'array':
        return child(def.element, '/*');
      case 'record':
        return child(def.valueType, '/*');
      case 'union':
        for (const option of def.options as unknown[]) child(option, '');
        return;
      case 'intersection':
        child(def.left, '');
        return child(def.right, '');
      case 'pipe':
        return child(def.in, '');
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        return child(def.innerType, '');
      default:
        return;
    }
  };
  walk(schema, '');
  return found;
}
