/**
 * What the query APIs read: the read models by their logical collection names. Each call resolves
 * the physical collection of the version now serving (`_projections`), cached, refreshed at once
 * on a blue/green switch announced in this process, and after `maxAgeMs` otherwise (a switch made
 * by another process).
 */
import { LRUCache } from 'lru-cache';
import type { Observable } from 'rxjs';
import type { Doc, Filter, FindOptions, ReadStore } from '../stores/reads/port.js';
import type { Projection } from './projection.js';
import { liveCollection } from './runtime/namespace.js';
import { readProjectionRecord } from './runtime/projection-record.js';
import type { VersionSwitch } from './runtime/serving.js';

export interface ReadModels {
  /** The read store underneath, for `/healthz`. */
  readonly kind: ReadStore['kind'];
  /** Whether the read store answers reads now (cheap, cached; throws ReadStoreUnavailableError). */
  probe(): Promise<void>;
  find<T extends Doc = Doc>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne<T extends Doc = Doc>(collection: string, filter: Filter): Promise<T | null>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** The physical collection serving a logical one now. */
  resolve(collection: string): Promise<string>;
  /** Forget the cached versions. */
  refresh(): void;
}

export interface ReadModelsOptions {
  reads: ReadStore;
  projections: readonly Projection[];
  /** `Projector.switches$`, when the projections run in this process. */
  switches?: Observable<VersionSwitch>;
  /** Default 1000 ms. */
  maxAgeMs?: number;
}

export function createReadModels({ reads, projections, switches, maxAgeMs = 1000 }: ReadModelsOptions): ReadModels {
  /** Logical collection → the projection that writes it (the newest registered version). */
  const owners = new Map<string, Projection>();
  for (const projection of projections) {
    for (const collection of Object.keys(projection.collections)) {
      const known = owners.get(collection);
      if (!known || known.version < projection.version) owners.set(collection, projection);
    }
  }
  /**
   * Projection name → the version serving now. Concurrent misses share one registry read; a
   * failed read is not kept; a switch announced while one is in flight wins over what it reads.
   */
  const versions = new LRUCache<string, number, Projection>({
    max: Math.max(1, projections.length),
    ttl: Math.max(1, maxAgeMs), // 0 would mean forever to lru-cache
    ignoreFetchAbort: true,
    // Never run yet: the code's version is the one that will serve.
    fetchMethod: async (name, _stale, { context }) =>
      (await readProjectionRecord(reads, name))?.active_version ?? context.version,
  });
  switches?.subscribe(({ projection, to }) => versions.set(projection, to));

  const servingVersion = async (projection: Projection): Promise<number> =>
    (await versions.fetch(projection.name, { context: projection })) ?? projection.version;

  const resolve = async (collection: string): Promise<string> => {
    const owner = owners.get(collection);
    if (!owner) {
      throw new Error(
        `no projection writes the collection "${collection}" (known: ${[...owners.keys()].sort().join(', ') || 'none'})`,
      );
    }
    return liveCollection(collection, await servingVersion(owner));
  };

  return {
    kind: reads.kind,
    probe: () => reads.probe('read'),
    async find<T extends Doc = Doc>(collection: string, filter: Filter = {}, options?: FindOptions) {
      return reads.find<T>(await resolve(collection), filter, options);
    },
    async findOne<T extends Doc = Doc>(collection: string, filter: Filter) {
      return reads.findOne<T>(await resolve(collection), filter);
    },
    async count(collection: string, filter: Filter = {}) {
      return reads.count(await resolve(collection), filter);
    },
    resolve,
    refresh: () => versions.clear(),
  };
}
