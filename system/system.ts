/**
 * The whole system in one process: the stores, Atlas on :8000 (and, as they arrive, the projector
 * and the partner services). Each part can also run alone: `startSystem(config, { services: [...] })`.
 */
import type { Listening, Logger } from '../http/index.js';
import { listen } from '../http/index.js';
import { openEventStore } from '../stores/events/open.js';
import type { EventStore } from '../stores/events/port.js';
import { createAtlasService } from '../write/atlas/api/service.js';
import { loadOrCreateSigningKey } from '../write/atlas/auth/signing-key.js';
import { StateCache } from '../write/state-cache.js';
import type { Config } from './config.js';

export const serviceNames = ['atlas'] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface RunningSystem {
  events: EventStore;
  /** Base URL of each service started, e.g. `{ atlas: 'http://127.0.0.1:8000' }`. */
  urls: Partial<Record<ServiceName, string>>;
  stop(): Promise<void>;
}

export async function startSystem(
  config: Config,
  options: { logger: Logger; services?: readonly ServiceName[]; clock?: () => Date },
): Promise<RunningSystem> {
  const { logger } = options;
  const wanted = new Set(options.services ?? serviceNames);
  const clock = options.clock ?? (() => new Date());
  const events = openEventStore({ dataDir: config.dataDir, ...(config.ESDB_URL ? { ESDB_URL: config.ESDB_URL } : {}) });
  const servers: Listening[] = [];
  const urls: Partial<Record<ServiceName, string>> = {};

  try {
    if (wanted.has('atlas')) {
      const key = loadOrCreateSigningKey(config.dataDir);
      const atlas = createAtlasService({
        deps: { store: events, clock, cache: new StateCache() },
        key,
        tokens: { issuer: config.ATLAS_ISSUER, audience: config.ATLAS_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
        refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
        logger: logger.child({ service: 'atlas' }),
      });
      const listening = await listen(atlas, config.ATLAS_PORT, config.ATLAS_HOST);
      servers.push(listening);
      urls.atlas = listening.url;
      logger.info({ url: listening.url, event_store: events.kind, data_dir: config.dataDir }, 'Atlas API listening');
    }
  } catch (error) {
    await Promise.allSettled(servers.map((s) => s.close()));
    await events.close();
    throw error;
  }

  return {
    events,
    urls,
    async stop() {
      await Promise.allSettled(servers.map((s) => s.close()));
      await events.close();
    },
  };
}
