/**
 * Every answer checked against the operation's documented contract, outside the problems
 * middleware, so it sees the answer as it leaves: the status must be one the operation declares
 * (`declaredResponses`, the same list `/openapi.json` shows), and an error must be a problem
 * document whose `status` is the HTTP status. (A 2xx body is checked against its schema by the
 * router, in every mode, before it is sent.)
 *
 * - `enforce` (the default outside production): an answer off its contract becomes a 500 that
 *   names the breach, and the breach is logged: tests cannot miss a route that answers what it
 *   does not declare.
 * - `log` (production): the answer goes out as it is; the breach is logged as an error.
 */
import type { Middleware } from 'koa';
import type { KitContext, KitState } from './context.js';
import { Problem, PROBLEM_TYPE_BASE, problemKinds, type ProblemKind } from './problem.js';
import { declaredResponses, type Route } from './route.js';

export type ContractMode = 'enforce' | 'log' | 'off';

export type RouteFinder = (method: string, path: string) => Route | undefined;

export const defaultContractMode = (): ContractMode => (process.env.NODE_ENV === 'production' ? 'log' : 'enforce');

/** What is wrong with a problem answer (empty when nothing is). */
export function problemBreaches(status: number, contentType: string, body: unknown): string[] {
  const breaches: string[] = [];
  if (!/^application\/problem\+json\b/.test(contentType))
    breaches.push(`content type ${contentType || 'none'}, not application/problem+json`);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [...breaches, 'the body is not a problem document'];
  const document = body as Record<string, unknown>;
  for (const member of ['type', 'title', 'detail'] as const) {
    if (typeof document[member] !== 'string') breaches.push(`\`${member}\` is not a string`);
  }
  if (document.status !== status) breaches.push(`\`status\` is ${String(document.status)}, the HTTP status ${status}`);
  const type = typeof document.type === 'string' ? document.type : '';
  const kind = (type.startsWith(PROBLEM_TYPE_BASE) ? type.slice(PROBLEM_TYPE_BASE.length) : '') as ProblemKind;
  const known = problemKinds[kind];
  if (!known) breaches.push(`type ${type} is not one of ours`);
  else if (known.status !== status || known.title !== document.title)
    breaches.push(`type ${type} goes with ${known.status} "${known.title}"`);
  return breaches;
}

/** What is wrong with the answer to a request for `route` (or for no route), empty when nothing is. */
export function answerBreaches(
  route: Route | undefined,
  ctx: Pick<KitContext, 'status' | 'body' | 'response'>,
): string[] {
  const status = ctx.status;
  const breaches: string[] = [];
  if (route && !declaredResponses(route).has(status)) {
    breaches.push(`${route.method} ${route.path} answered ${status}, which it does not declare`);
  }
  if (status >= 400) breaches.push(...problemBreaches(status, ctx.response.get('Content-Type'), ctx.body));
  return breaches;
}

export function contractCheck(
  findRoute: RouteFinder,
  mode: ContractMode = defaultContractMode(),
): Middleware<KitState> {
  return async function contractCheck(ctx, next) {
    await next();
    if (mode === 'off') return;
    const route = findRoute(ctx.method, ctx.path);
    const breaches = answerBreaches(route, ctx);
    if (breaches.length === 0) return;
    ctx.state.log?.error({ contract: breaches, status: ctx.status }, 'answer off its documented contract');
    if (mode !== 'enforce') return;
    const problem = new Problem(
      'internal',
      `the answer broke the documented contract (checked outside production): ${breaches.join('; ')}`,
    );
    // Headers of the refused answer (Allow, Retry-After...) do not belong to this one.
    for (const name of ['allow', 'retry-after', 'www-authenticate', 'location', 'cache-control']) ctx.remove(name);
    ctx.status = problem.status;
    ctx.body = { ...problem.toDocument(ctx.path), request_id: ctx.state.requestId };
    ctx.type = 'application/problem+json';
  };
}
