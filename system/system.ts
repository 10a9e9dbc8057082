/**
 * The whole system in one process: the stores, the projector, Atlas on :8000 and the partner
 * services. Each part can also run alone (`npm start -- atlas`, `-- projector`, `-- nexacore` …),
 * e.g. one process (or container) each, all on the same EventStoreDB and MongoDB.
 */
import type { Listening, Logger } from '../http/index.js';
import { listen } from '../http/index.js';
import { createReadModels, type ReadModels } from '../projections/read-models.js';
import type { Projection } from '../projections/projection.js';
import { projections as registeredProjections } from '../projections/registry.js';
import { startProjections, type Projector } from '../projections/runtime/projector.js';
import { storedStates, type StoredState } from '../projections/runtime/stored-state.js';
import { openEventStore } from '../stores/events/open.js';
import type { EventStore } from '../stores/events/port.js';
import { openReadStore } from '../stores/reads/open.js';
import type { ReadStore } from '../stores/reads/port.js';
import { createAtlasService } from '../write/atlas/api/service.js';
import { loadOrCreateSigningKey } from '../write/atlas/auth/signing-key.js';
import { StateCache } from '../write/state-cache.js';
import type { Config } from './config.js';
import { atlasQueryRoutes } from './atlas-queries.js';
import { partnerServices, type PartnerName, type PartnerService } from './partners.js';
import { assertNoFailedProjection } from '../partners/deps.js';

export const serviceNames: readonly ServiceName[] = ['atlas', 'projector', ...partnerServices.map((p) => p.name)];
export type ServiceName = 'atlas' | 'projector' | PartnerName;

export interface RunningSystem {
  events: EventStore;
  reads: ReadStore;
  readModels: ReadModels;
  /** Present when the projector runs in this process. */
  projector: Projector | null;
  /** Base URL of each service started, e.g. `{ atlas: 'http://127.0.0.1:8000' }`. */
  urls: Partial<Record<ServiceName, string>>;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  services?: readonly ServiceName[];
  clock?: () => Date;
  /** Default: every projection in `projections/registry.ts` (tests pass a subset). */
  projections?: readonly Projection[];
  /** Default: every partner in `system/partners.ts` (tests pass a subset). */
  partners?: readonly PartnerService[];
}

export async function startSystem(config: Config, options: StartOptions): Promise<RunningSystem> {
  const { logger, projections = registeredProjections, partners = partnerServices } = options;
  const wanted = new Set<string>(options.services ?? ['atlas', 'projector', ...partners.map((p) => p.name)]);
  const clock = options.clock ?? (() => new Date());
  const events = openEventStore({ dataDir: config.dataDir, ...(config.ESDB_URL ? { ESDB_URL: config.ESDB_URL } : {}) });
  const servers: Listening[] = [];
  const urls: Partial<Record<ServiceName, string>> = {};
  let reads: ReadStore | undefined;
  let projector: Projector | null = null;

  const stop = async () => {
    await Promise.allSettled(servers.map((s) => s.close()));
    await projector?.stop();
    await reads?.close();
    await events.close();
  };

  try {
    reads = await openReadStore({ dataDir: config.dataDir, ...(config.MONGO_URL ? { MONGO_URL: config.MONGO_URL } : {}) });
    if (wanted.has('projector')) {
      projector = await startProjections({
        events,
        reads,
        projections,
        onPoison: config.PROJECTION_ON_POISON,
        logger: logger.child({ part: 'projector' }),
      });
    }
    const readModels = createReadModels({ reads, projections, ...(projector ? { switches: projector.switches$ } : {}) });
    // Without the projector here, the read store says how far the one running elsewhere has got.
    const lag = async (): Promise<StoredState[]> => (projector ? projector.lag() : storedStates(projections, { events, reads: reads! }));
    const cache = new StateCache();
    const key = wanted.has('atlas') ? loadOrCreateSigningKey(config.dataDir) : null;
    // In one process the partners verify tokens with Atlas's key in hand; alone, through the JWKS.
    const auth = {
      issuer: config.ATLAS_ISSUER,
      audience: config.ATLAS_AUDIENCE,
      ...(key ? { keyForKid: async (kid: string) => (kid === key.kid ? key.publicKey : undefined) } : { jwksUrl: config.jwksUrl }),
    };

    if (key) {
      const atlas = createAtlasService({
        deps: { store: events, clock, cache },
        key,
        tokens: { issuer: config.ATLAS_ISSUER, audience: config.ATLAS_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
        refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
        logger: logger.child({ service: 'atlas' }),
        extraRoutes: () => atlasQueryRoutes({ events, readModels }),
        health: async () => {
          const states = await lag();
          assertNoFailedProjection(states);
          return { read_store: reads!.kind, projections: states };
        },
      });
      const listening = await listen(atlas, config.ATLAS_PORT, config.ATLAS_HOST);
      servers.push(listening);
      urls.atlas = listening.url;
      logger.info({ url: listening.url, event_store: events.kind, read_store: reads.kind, data_dir: config.dataDir }, 'Atlas API listening');
    }

    for (const partner of partners) {
      if (!wanted.has(partner.name)) continue;
      const app = partner.create({ events, readModels, auth, logger: logger.child({ service: partner.name }), clock, cache, lag });
      const listening = await listen(app, partner.port(config), config.ATLAS_HOST);
      servers.push(listening);
      urls[partner.name] = listening.url;
      logger.info({ url: listening.url }, `${partner.title} API listening`);
    }
    return { events, reads, readModels, projector, urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
