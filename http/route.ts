/**
 * A route is data: method, path, schemas, the responses it can give, and its handler. The same
 * definition registers the route (`router.ts`) and documents it (`openapi.ts`), so the document
 * cannot drift from what is served. Handler input types are inferred from the zod schemas.
 *
 * A route declares its successes and the refusals of its own (403, 404, 409, 429, ...); the
 * statuses the kit itself answers are added from the route's shape (`declaredResponses`), so that
 * no route can forget them: 400, 401, 413, 415, 500 and 503.
 */
import type { z } from 'zod';
import type { AtlasUser } from './user.js';
import type { KitContext } from './context.js';
import type { EventStreamSpec } from './event-stream.js';
import { looseObjects } from './validate.js';
import { problemKinds, type ProblemKind } from './problem.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type AuthMode = 'required' | 'none';

/** Path and query schemas: objects whose fields are the parameters (query values arrive as strings). */
export type ParamsSchema = z.ZodObject<z.core.$ZodShape, z.core.$ZodObjectConfig>;
/** Body schemas refuse unknown fields: `z.strictObject({...})`, strict at every depth. */
export type BodySchema = z.ZodObject<z.core.$ZodShape, z.core.$strict>;

export interface ResponseSpec {
  description: string;
  /**
   * Omit for a response without a body (204). Error statuses (4xx, 5xx) take none: every error is
   * a problem document (RFC 9457), whose schema the kit declares.
   */
  schema?: z.ZodType;
  /**
   * A success that is a stream of server-sent events (`text/event-stream`) instead of JSON: the
   * events it carries, each with its data schema (`event-stream.ts`). The handler answers with an
   * `EventStream`'s body; the route must be a GET, and the response takes no `schema`.
   */
  eventStream?: EventStreamSpec;
  /**
   * The problem kinds an error status may carry besides the kit's own for it (the OAuth errors a
   * token endpoint answers as 400s, say): listed in the document as `x-problem-types`, so that a
   * client, and the fuzzer, know that a valid request may be refused so.
   */
  problems?: readonly ProblemKind[];
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
  /**
   * Whether the handler reads or writes a store (default true). Such a route may answer 503 with
   * `Retry-After` when the store is busy or cannot be reached, and the kit declares it.
   */
  usesStore?: boolean;
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
  const statuses = Object.keys(spec.responses).map(Number);
  const odd = statuses.filter((status) => !Number.isInteger(status) || status < 100 || status > 599);
  if (odd.length > 0) throw new Error(`${where}: ${odd.join(', ')} is not an HTTP status`);
  if (!statuses.some((status) => status < 400)) throw new Error(`${where}: declares no success response`);
  const withSchema = statuses.filter((status) => status >= 400 && spec.responses[status]!.schema !== undefined);
  if (withSchema.length > 0) {
    throw new Error(`${where}: error responses (${withSchema.join(', ')}) are problem documents and take no schema`);
  }
  const streams = statuses.filter((status) => spec.responses[status]!.eventStream !== undefined);
  if (
    streams.some((status) => status >= 300 || spec.responses[status]!.schema !== undefined) ||
    (streams.length > 0 && spec.method !== 'GET')
  ) {
    throw new Error(`${where}: an event stream is the success of a GET, without a JSON schema`);
  }
  const offKind = statuses.flatMap((status) =>
    (spec.responses[status]!.problems ?? [])
      .filter((kind) => problemKinds[kind].status !== status)
      .map((kind) => `${kind} on ${status}`),
  );
  if (offKind.length > 0) throw new Error(`${where}: problem kinds of another status (${offKind.join(', ')})`);
  return spec as Route;
}

/** Methods whose request body the kit reads (`body.ts`): a body sent to a route that takes none is a 400. */
export const METHODS_WITH_BODY: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH'];

/** The statuses the kit answers on its own, and when: from the route's shape alone. */
export const kitResponses = {
  400: { description: 'The request is not valid; `errors` points at each refused field (problem+json)' },
  401: { description: 'Missing or invalid token (problem+json, with WWW-Authenticate)' },
  413: { description: 'The request body is larger than the limit (problem+json)' },
  415: { description: 'The request body is not JSON (problem+json)' },
  500: { description: 'An unexpected error on our side; it was logged (problem+json)' },
  503: { description: 'A store is busy or cannot be reached; retry after Retry-After seconds (problem+json)' },
} as const satisfies Responses;

/**
 * Whether a path parameter's schema can refuse a value: path parameters arrive as non-empty
 * strings, so a plain `z.string()` takes every one of them (routes answer 404 for an id that names
 * nothing), and anything else may refuse.
 */
function mayRefusePathValue(schema: z.ZodType): boolean {
  const def = (schema as { _zod?: { def?: { type?: string; format?: string; checks?: unknown[] } } })._zod?.def;
  return !(def?.type === 'string' && def.format === undefined && (def.checks?.length ?? 0) === 0);
}

/**
 * Every status the route can answer, with its description: what it declares, plus what the kit
 * answers for it. 400 when something can be refused (a params field that is more than a string, a
 * query, a body; a body sent to a POST, PUT or PATCH that takes none; a resumable event stream's
 * `Last-Event-ID`); 401 when a token is
 * required; 413 and 415 when a body is read; 503 when the route uses a store; 500 always. The
 * route's own description wins where it declares one of these.
 */
export function declaredResponses(route: Route): ReadonlyMap<number, ResponseSpec> {
  let known = declaredOnce.get(route);
  if (!known) declaredOnce.set(route, (known = declare(route)));
  return known;
}

/** Routes do not change once defined; every answer is checked against its route's list. */
const declaredOnce = new WeakMap<Route, ReadonlyMap<number, ResponseSpec>>();

function declare(route: Route): ReadonlyMap<number, ResponseSpec> {
  const declared = new Map<number, ResponseSpec>();
  const own = route.responses as Responses;
  for (const [status, spec] of Object.entries(own)) declared.set(Number(status), spec);
  const add = (status: keyof typeof kitResponses) => {
    if (!declared.has(status)) declared.set(status, kitResponses[status]);
  };
  const readsBody = METHODS_WITH_BODY.includes(route.method);
  const params = Object.values((route.params?.shape ?? {}) as Record<string, z.ZodType>);
  // A resumable event stream reads the `Last-Event-ID` header, which may be malformed.
  const resumable = Object.values(own).some((spec) => spec.eventStream?.resumable === true);
  if (readsBody || route.query !== undefined || params.some(mayRefusePathValue) || resumable) add(400);
  if (route.auth === 'required') add(401);
  if (readsBody) {
    add(413);
    add(415);
  }
  add(500);
  if (route.usesStore !== false) add(503);
  return new Map([...declared].sort(([a], [b]) => a - b));
}
