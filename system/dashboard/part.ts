/**
 * The `dashboard` part of the system: builds the app when it has to (`build.ts`), then serves it
 * on `DASHBOARD_PORT` with the four APIs under `/<service>/` (`dashboard/services.ts`): those
 * started in this process at their URLs, the others at their configured ports.
 */
import path from 'node:path';
import { dashboardServices, prefixOf } from '../../dashboard/services.js';
import type { Listening, Logger } from '../../http/index.js';
import type { ServiceName } from '../../services/service.js';
import type { Config } from '../config.js';
import { httpServices, portOf } from '../services.js';
import { DASHBOARD_DIR, ensureDashboardBuilt } from './build.js';
import type { Upstream } from './forward.js';
import { startDashboardServer } from './server.js';

/** Before anything listens: the build first (a failed one is a `DashboardBuildError`, and nothing starts). */
export async function buildDashboard(logger: Logger): Promise<void> {
  const log = logger.child({ part: 'dashboard' });
  await ensureDashboardBuilt({
    onProgress: (message) => log.info(message),
    onOutput: (line) => log.info({ vite: true }, line),
  });
}

export async function startDashboard(
  config: Config,
  started: Partial<Record<ServiceName, string>>,
  logger: Logger,
): Promise<Listening> {
  const host = config.ATLAS_HOST.includes(':') ? `[${config.ATLAS_HOST}]` : config.ATLAS_HOST;
  const upstreams: Upstream[] = dashboardServices.map((service) => ({
    service,
    title: httpServices.find((module) => module.name === service)?.title ?? service,
    prefix: prefixOf(service),
    origin: started[service] ?? `http://${host}:${portOf(config, service)}`,
  }));
  const listening = await startDashboardServer({
    dist: path.join(DASHBOARD_DIR, 'dist'),
    upstreams,
    logger: logger.child({ part: 'dashboard' }),
    port: config.DASHBOARD_PORT,
    host: config.ATLAS_HOST,
  });
  logger.info({ url: listening.url }, 'dashboard listening');
  return listening;
}
