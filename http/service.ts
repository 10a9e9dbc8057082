/**
 * A service (Atlas or a partner) as a Koa app with the standard stack:
 * request id → access log → contract check → problems → JSON body → 405 for a method a path does
 * not have → routes. Every service also answers `GET /healthz` and `GET /openapi.json`.
 */
import Koa from 'koa';
import { z } from 'zod';
import { requireAtlasToken, type AuthOptions } from './auth.js';
import { jsonBody } from './body.js';
import type { KitState } from './context.js';
import { accessLog, type Logger } from './log.js';
import { contractCheck, defaultContractMode, type ContractMode } from './contract.js';
import { buildOpenApi } from './openapi.js';
import { Problem } from './problem.js';
import { problems, type ProblemMapper } from './problems-middleware.js';
import { requestId } from './request-id.js';
import { defineRoute, type Route } from './route.js';
import { allowedMethods, routeFinder, routerFor } from './router.js';

export { listen, type Listening } from './listen.js';

export interface ServiceOptions {
  /** e.g. `atlas`, `nexacore`; on every log line, in `/healthz` and the OpenAPI title. */
  name: string;
  version: string;
  description?: string;
  routes: readonly Route[];
  /** Needed as soon as one route has `auth: 'required'`. */
  auth?: AuthOptions;
  /** Extra facts for `/healthz` (store kinds, projection lag, ...); throwing means unhealthy (503). */
  health?: () => Promise<Record<string, unknown>>;
  logger: Logger;
  /** Errors of the service's own (refused commands, busy stores) as problems; see `ProblemMapper`. */
  problemMappers?: readonly ProblemMapper[];
  /** Largest JSON body, default '1mb'. */
  bodyLimit?: string | number;
  /**
   * What to do with an answer off its documented contract (`contract.ts`): `enforce` (a 500 that
   * names the breach; the default unless NODE_ENV is `production`), `log` (the default in
   * production) or `off`.
   */
  contract?: ContractMode;
}

const Health = z.looseObject({ status: z.literal('ok'), service: z.string(), version: z.string() });

function healthRoute(options: ServiceOptions): Route {
  return defineRoute({
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness and dependencies',
    tags: ['operations'],
    auth: 'none',
    responses: {
      200: { description: 'The service and its dependencies answer', schema: Health },
      503: { description: 'A dependency does not answer (problem+json)' },
    },
    handler: async () => {
      let facts: Record<string, unknown> = {};
      try {
        facts = (await options.health?.()) ?? {};
      } catch (error) {
        // A problem the check raised on purpose says what is wrong (e.g. a failed projection).
        if (error instanceof Problem) throw error;
        // Anything else: the reason goes to the logs (problems middleware), not to whoever polls.
        throw new Problem('unavailable', 'a dependency of this service is not healthy', {
          internal: 'health check failed',
          cause: error,
        });
      }
      return { status: 200, body: { ...facts, status: 'ok', service: options.name, version: options.version } };
    },
  });
}

function openApiRoute(document: () => unknown): Route {
  return defineRoute({
    method: 'GET',
    path: '/openapi.json',
    summary: 'This document',
    tags: ['operations'],
    auth: 'none',
    usesStore: false,
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.string() }) } },
    handler: async () => ({ status: 200, body: document() as { openapi: string } }),
  });
}

const servedRoutes = new WeakMap<Koa<KitState>, readonly Route[]>();

/** The routes a service made by `createService` serves, `/healthz` and `/openapi.json` included (for tests). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app's state and context
export function routesOf(app: Koa<any, any>): readonly Route[] {
  const routes = servedRoutes.get(app);
  if (!routes) throw new Error('not an app made by createService');
  return routes;
}

export function createService(options: ServiceOptions): Koa<KitState> {
  let document: unknown;
  const routes: Route[] = [healthRoute(options), openApiRoute(() => document), ...options.routes];
  document = buildOpenApi(
    {
      title: options.name,
      version: options.version,
      ...(options.description ? { description: options.description } : {}),
    },
    routes,
  );

  const router = routerFor(routes, options.auth ? requireAtlasToken(options.auth) : undefined);
  const app = new Koa<KitState>();
  // Errors are answered and logged by the problems middleware; Koa's own printer stays quiet.
  app.silent = true;
  app.use(requestId());
  app.use(accessLog(options.logger));
  app.use(contractCheck(routeFinder(router, routes), options.contract ?? defaultContractMode()));
  app.use(problems(options.problemMappers));
  app.use(jsonBody(options.bodyLimit === undefined ? {} : { limit: options.bodyLimit }));
  app.use(allowedMethods(router));
  app.use(router.routes());
  servedRoutes.set(app, routes);
  return app;
}
