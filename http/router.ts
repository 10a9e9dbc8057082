/**
 * Registers route definitions on a @koa/router: token check when the route requires it, then
 * validation of params, query and body, then the handler, whose result becomes the response.
 * A path with no route for the request's method is a 405 with `Allow` (`allowedMethods`).
 */
import { Readable } from 'node:stream';
import Router, { type RouterMiddleware } from '@koa/router';
import type { Middleware } from 'koa';
import type { KitState } from './context.js';
import { methodNotAllowed, Problem } from './problem.js';
import { declaredResponses, type Route, type RouteResult } from './route.js';
import { jsonPointer, parseRequest } from './validate.js';

export function routerFor(routes: readonly Route[], requireToken: Middleware<KitState> | undefined): Router<KitState> {
  const router = new Router<KitState>();
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`route ${key} is defined twice`);
    seen.add(key);
    const stack: RouterMiddleware<KitState>[] = [];
    if (route.auth === 'required') {
      if (!requireToken) throw new Error(`route ${key} requires a token but the service has no auth settings`);
      stack.push(requireToken);
    }
    stack.push(handle(route));
    const verb = route.method.toLowerCase() as Lowercase<typeof route.method>;
    router[verb](route.path, ...stack);
  }
  return router;
}

function handle(route: Route): RouterMiddleware<KitState> {
  return async function handleRoute(ctx) {
    const params = ctx.params;
    const input = parseRequest(route, { params, query: ctx.query, body: ctx.request.body });
    const result = await route.handler(ctx, {
      ...input,
      user: route.auth === 'required' ? ctx.state.user : undefined,
    });
    const body = checkedBody(route, result);
    for (const [name, value] of Object.entries(result.headers ?? {})) ctx.set(name, value);
    // Body first: Koa picks a status when the body is set; ours is set after and wins.
    ctx.body = body === undefined ? null : body;
    ctx.status = result.status;
  };
}

/**
 * The answer must be one the route documents: a declared status, and a body that its schema
 * accepts (or no body when it has none). A mismatch is our bug, so a 500 that says so in the logs.
 */
function checkedBody(route: Route, result: RouteResult): unknown {
  const where = `${route.method} ${route.path} answered ${result.status}`;
  const spec = declaredResponses(route).get(result.status);
  if (spec === undefined) throw bug(`${where}, which its responses do not declare`);
  if (spec.eventStream !== undefined) {
    // Each message is parsed by its event's schema as it is written (`event-stream.ts`).
    if (!(result.body instanceof Readable)) throw bug(`${where} without the event stream it declares`);
    return result.body;
  }
  if (spec.schema === undefined) {
    if (result.body !== undefined) throw bug(`${where} with a body, but that response has no schema`);
    return undefined;
  }
  const parsed = spec.schema.safeParse(result.body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${jsonPointer(i.path)}: ${i.message}`).join('; ');
    throw bug(`${where} with a body its schema refuses: ${issues}`);
  }
  // The parsed body is sent: fields a schema does not declare are stripped, so nothing undocumented
  // (a hash, an internal flag) leaves the service by accident.
  return parsed.data;
}

const bug = (internal: string) =>
  new Problem('internal', 'something went wrong on our side; the error was logged', { internal });

/**
 * The route a request is for (method and path), or undefined when none is: what the answer is
 * checked against (`contract.ts`). HEAD is answered by the GET route.
 */
export function routeFinder(
  router: Router<KitState>,
  routes: readonly Route[],
): (method: string, path: string) => Route | undefined {
  const byKey = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  return (method, path) => {
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const layer of router.match(path, method).pathAndMethod) {
      const route = byKey.get(`${wanted} ${layer.path}`);
      if (route) return route;
    }
    return undefined;
  };
}

/**
 * After the routes: a request nothing answered whose path some route has is a 405 with `Allow`
 * whatever its method (PROPFIND and TRACE too, which @koa/router's own allowedMethods calls 501),
 * and OPTIONS on such a path answers `Allow`. A path no route has is left to be a 404.
 */
export function allowedMethods(router: Router<KitState>): Middleware<KitState> {
  return async function allowedMethods(ctx, next) {
    await next();
    if (ctx.body != null || ctx.status !== 404) return;
    const allowed = [...new Set(router.match(ctx.path, ctx.method).path.flatMap((layer) => layer.methods))];
    if (allowed.length === 0) return;
    const allow = allowed.join(', ');
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', allow);
      ctx.body = '';
      ctx.status = 200;
      return;
    }
    throw methodNotAllowed(ctx.method, allow);
  };
}
