/**
 * What every partner service (NexaCore :8001, Code Crafters :8002, ScoreSquad :8003) is given by
 * `system/system.ts`: the event store for its own commands, Atlas's and its own read models,
 * token verification against Atlas's JWKS, a logger, a clock, and the projections' lag for
 * `/healthz`.
 */
import { Problem, type AuthOptions, type Logger } from '../http/index.js';
import type { ReadModels } from '../projections/read-models.js';
import type { StoredState } from '../projections/runtime/stored-state.js';
import type { EventStore } from '../stores/events/port.js';
import type { StateCache } from '../write/state-cache.js';

export interface PartnerDeps {
  events: EventStore;
  readModels: ReadModels;
  auth: AuthOptions;
  logger: Logger;
  clock: () => Date;
  /** Folded write-side states by stream (one per process). */
  cache: StateCache;
  /**
   * Every projection's lag, for `/healthz`: from the projector when it runs in this process, else
   * as the read store records it (the projector runs elsewhere).
   */
  lag: () => Promise<StoredState[]>;
}

/** `/healthz` facts shared by the partners: store kinds and how far behind the log each read model is. */
export async function projectionHealth(deps: PartnerDeps): Promise<Record<string, unknown>> {
  const states = await deps.lag();
  assertNoFailedProjection(states);
  return {
    event_store: deps.events.kind,
    projections: states.map((s) => ({
      projection: s.projection,
      version: s.version,
      status: s.status,
      position: s.position,
      events_behind: s.events_behind,
      seconds_behind: s.seconds_behind,
    })),
  };
}

/**
 * A failed projection (a poison event, see `npm run atlas -- lag`) makes the service unhealthy:
 * its answers would silently go stale, so `/healthz` says 503 and names the projections.
 */
export function assertNoFailedProjection(states: readonly StoredState[]): void {
  const failed = states.filter((s) => s.status === 'failed').map((s) => `${s.projection} v${s.version}`);
  if (failed.length > 0) {
    throw new Problem('unavailable', `projection(s) stopped on an event they cannot apply: ${failed.join(', ')}; see \`npm run atlas -- lag\``);
  }
}
