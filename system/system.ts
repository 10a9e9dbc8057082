/**
 * The whole system in one process: the stores, the projector, the four HTTP services (Atlas
 * on :8000 and the partners on :8001–:8003, `system/services.ts`), the MCP server on :8004,
 * which asks them over HTTP like any client, and the dashboard on :5173 (`system/dashboard/`),
 * which serves the built app and forwards `/<service>/…` to them. Each part can also run alone
 * (`npm start -- atlas`, `-- projector`, `-- nexacore`, `-- dashboard` …), e.g. one process (or
 * container) each, all on the same EventStoreDB and MongoDB.
 */
import type { Listening, Logger } from '../http/index.js';
import { listen } from '../http/index.js';
import { createReadModels, type ReadModels } from '../projections/read-models.js';
import type { Projection } from '../projections/projection.js';
import { projections as registeredProjections } from '../projections/registry.js';
import { startProjections, type Projector } from '../projections/runtime/projector.js';
import { storedStates, type StoredState } from '../projections/runtime/stored-state.js';
import type { ServiceDeps, ServiceModule, ServiceName as HttpServiceName } from '../services/service.js';
import { openEventStore } from '../stores/events/open.js';
import type { EventStore } from '../stores/events/port.js';
import { openReadStore } from '../stores/reads/open.js';
import type { ReadStore } from '../stores/reads/port.js';
import { loadOrCreateSigningKey } from '../write/atlas/auth/signing-key.js';
import { StateCache } from '../write/state-cache.js';
import type { Config } from './config.js';
import { httpServices, portOf } from './services.js';
import { mcpHttpApp } from '../mcp/http.js';
import { buildDashboard, startDashboard } from './dashboard/part.js';

/**
 * The MCP server over HTTP: it verifies tokens as the services do, and asks the services started
 * here at their URLs, the others at their configured ports.
 */
async function startMcp(
  config: Config,
  deps: Pick<ServiceDeps, 'auth' | 'clock'>,
  started: Partial<Record<HttpServiceName, string>>,
  servers: Listening[],
  logger: Logger,
): Promise<string> {
  const at = (name: HttpServiceName) => started[name] ?? `http://${config.ATLAS_HOST}:${portOf(config, name)}`;
  const app = mcpHttpApp({
    urls: {
      atlas: at('atlas'),
      nexacore: at('nexacore'),
      codecrafters: at('codecrafters'),
      scoresquad: at('scoresquad'),
    },
    auth: deps.auth,
    clock: deps.clock,
    logger: logger.child({ service: 'mcp' }),
  });
  const listening = await listen(app, config.MCP_PORT, config.ATLAS_HOST);
  servers.push(listening);
  logger.info({ url: `${listening.url}/mcp` }, 'MCP server listening (Streamable HTTP)');
  return listening.url;
}

export type ServiceName = 'projector' | HttpServiceName | 'mcp' | 'dashboard';
export const serviceNames: readonly ServiceName[] = [
  'projector',
  ...httpServices.map((s) => s.name),
  'mcp',
  'dashboard',
];

export interface RunningSystem {
  events: EventStore;
  reads: ReadStore;
  readModels: ReadModels;
  /** Present when the projector runs in this process. */
  projector: Projector | null;
  /** Base URL of each service started, e.g. `{ atlas: 'http://127.0.0.1:8000' }`. */
  urls: Partial<Record<HttpServiceName, string>>;
  /** Base URL of the MCP server (Streamable HTTP at `/mcp`), when it runs in this process. */
  mcpUrl: string | null;
  /** Base URL of the dashboard, when it runs in this process. */
  dashboardUrl: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** The parts to run (default: all of them). */
  services?: readonly ServiceName[];
  clock?: () => Date;
  /** Default: every projection in `projections/registry.ts` (tests pass a subset). */
  projections?: readonly Projection[];
  /**
   * Default: the four services of `system/services.ts`, the MCP server and the dashboard (tests
   * pass a subset: then the MCP server and the dashboard run only when `services` names them).
   */
  modules?: readonly ServiceModule[];
}

export async function startSystem(config: Config, options: StartOptions): Promise<RunningSystem> {
  const { logger, projections = registeredProjections, modules = httpServices } = options;
  const wanted = new Set<string>(
    options.services ?? ['projector', ...modules.map((m) => m.name), ...(options.modules ? [] : ['mcp', 'dashboard'])],
  );
  const clock = options.clock ?? (() => new Date());
  // Build, then listen: a failed build starts nothing.
  if (wanted.has('dashboard')) await buildDashboard(logger);
  const events = openEventStore({ dataDir: config.dataDir, ...(config.ESDB_URL ? { ESDB_URL: config.ESDB_URL } : {}) });
  const servers: Listening[] = [];
  const urls: Partial<Record<HttpServiceName, string>> = {};
  let reads: ReadStore | undefined;
  let projector: Projector | null = null;

  const stop = async () => {
    await Promise.allSettled(servers.map((s) => s.close()));
    await projector?.stop();
    await reads?.close();
    await events.close();
  };

  try {
    const store = (reads = await openReadStore({
      dataDir: config.dataDir,
      ...(config.MONGO_URL ? { MONGO_URL: config.MONGO_URL } : {}),
    }));
    if (wanted.has('projector')) {
      projector = await startProjections({
        events,
        reads: store,
        projections,
        onPoison: config.PROJECTION_ON_POISON,
        logger: logger.child({ part: 'projector' }),
      });
    }
    const running = projector;
    const readModels = createReadModels({
      reads: store,
      projections,
      ...(running ? { switches: running.switches$ } : {}),
    });
    const key = wanted.has('atlas') ? loadOrCreateSigningKey(config.dataDir) : null;
    const deps: Omit<ServiceDeps, 'logger'> = {
      events,
      readModels,
      // In one process the services verify tokens with Atlas's key in hand; alone, through the JWKS.
      auth: {
        issuer: config.ATLAS_ISSUER,
        audience: config.ATLAS_AUDIENCE,
        ...(key
          ? { keyForKid: async (kid: string) => (kid === key.kid ? key.publicKey : undefined) }
          : { jwksUrl: config.jwksUrl }),
      },
      clock,
      cache: new StateCache(),
      // Without the projector here, the read store says how far the one running elsewhere has got.
      lag: async (): Promise<StoredState[]> =>
        running ? running.lag() : storedStates(projections, { events, reads: store }),
      ...(key
        ? {
            issuing: {
              key,
              tokens: {
                issuer: config.ATLAS_ISSUER,
                audience: config.ATLAS_AUDIENCE,
                ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
              },
              refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
              deviceFlow: {
                dashboardUrl: config.DASHBOARD_URL,
                codeTtlSeconds: config.DEVICE_CODE_TTL_SECONDS,
                pollIntervalSeconds: config.DEVICE_POLL_INTERVAL_SECONDS,
              },
            },
          }
        : {}),
    };

    for (const module of modules) {
      if (!wanted.has(module.name)) continue;
      const app = module.create({ ...deps, logger: logger.child({ service: module.name }) });
      const listening = await listen(app, portOf(config, module.name), config.ATLAS_HOST);
      servers.push(listening);
      urls[module.name] = listening.url;
      logger.info(
        {
          url: listening.url,
          ...(module.name === 'atlas'
            ? { event_store: events.kind, read_store: store.kind, data_dir: config.dataDir }
            : {}),
        },
        `${module.title} API listening`,
      );
    }
    const mcpUrl = wanted.has('mcp') ? await startMcp(config, deps, urls, servers, logger) : null;
    let dashboardUrl: string | null = null;
    if (wanted.has('dashboard')) {
      const dashboard = await startDashboard(config, urls, logger);
      servers.push(dashboard);
      dashboardUrl = dashboard.url;
    }
    return { events, reads: store, readModels, projector, urls, mcpUrl, dashboardUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
