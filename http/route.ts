/**
 * A route is data: method, path, schemas, the responses it can give, and its handler. The same
 * definition registers the route (`router.ts`) and documents it (`openapi.ts`), so the document
 * cannot drift from what is served. Handler input types are inferred from the zod schemas.
 */
import type { z } from 'zod';
import type { AtlasUser } from './user.js';
import type { KitContext } from './context.js';
import { looseObjects } from './validate.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type AuthMode = 'required' | 'none';

/** Path and query schemas: objects whose fields are the parameters (query values arrive as strings). */
export type ParamsSchema = z.ZodObject<z.core.$ZodShape, z.core.$ZodObjectConfig>;
/** Body schemas refuse unknown fields: `z.strictObject({...})`, strict at every depth. */
export type BodySchema = z.ZodObject<z.core.$ZodShape, z.core.$strict>;

export interface ResponseSpec {
  description: string;
  /** Omit for a response without a body (204). */
  schema?: z.ZodType;
}
export type Responses = Record<number, ResponseSpec>;

type Parsed<S, Otherwise> = S extends z.ZodType ? z.output<S> : Otherwise;

export interface RouteInput<P, Q, B, A extends AuthMode> {
  params: Parsed<P, Record<string, never>>;
  query: Parsed<Q, Record<string, never>>;
  body: Parsed<B, undefined>;
  /** The verified caller; `undefined` on routes that take no token. */
  user: A extends 'required' ? AtlasUser : undefined;
}

/**
 * What a handler answers. The status must be declared in `responses` and the body must match that
 * response's schema; both are checked at run time (`router.ts`), because TypeScript would widen
 * literals (`'owner'`, `200`) in a handler's result typed from schemas inferred in the same call.
 */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<
  P extends ParamsSchema | undefined,
  Q extends ParamsSchema | undefined,
  B extends BodySchema | undefined,
  A extends AuthMode,
> {
  method: HttpMethod;
  /** Koa style, e.g. `/api/v1/labs/:organization_id`; every `:name` must be a field of `params`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Defaults to `<method>_<path>` in snake case. */
  operationId?: string;
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  responses: Responses;
  handler: (ctx: KitContext, input: RouteInput<P, Q, B, A>) => Promise<RouteResult>;
}

/** A defined route, its types erased so that routes of every shape fit in one list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Route = RouteSpec<any, any, any, AuthMode>;

const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/**
 * Checks what types cannot: path parameters match the params schema, and the body is strict at
 * every depth. Throws at definition time (start-up), never at request time.
 */
export function defineRoute<
  P extends ParamsSchema | undefined = undefined,
  Q extends ParamsSchema | undefined = undefined,
  B extends BodySchema | undefined = undefined,
  A extends AuthMode = AuthMode,
>(spec: RouteSpec<P, Q, B, A>): Route {
  const where = `route ${spec.method} ${spec.path}`;
  const inPath = pathParams(spec.path).sort();
  const inSchema = Object.keys(spec.params?.shape ?? {}).sort();
  if (inPath.join(',') !== inSchema.join(',')) {
    throw new Error(`${where}: path parameters [${inPath}] do not match the params schema [${inSchema}]`);
  }
  if (spec.body !== undefined) {
    const loose = looseObjects(spec.body);
    if (loose.length > 0) {
      throw new Error(`${where}: body objects at ${loose.join(', ')} must be strict (z.strictObject)`);
    }
  }
  if (Object.keys(spec.responses).length === 0) throw new Error(`${where}: declares no response`);
  return spec as Route;
}
