/**
 * The contract between `system/` and the four HTTP services (Atlas :8000, NexaCore :8001,
 * Code Crafters :8002, ScoreSquad :8003): each folder under `services/` exports one
 * `ServiceModule`, and `system/services.ts` lists them. Every service is given the same
 * `ServiceDeps`: the event store for its commands, the read models it serves, token verification,
 * a logger, a clock, the write side's state cache, the projections' lag for `/healthz`, and (where
 * Atlas runs) what Atlas needs to issue tokens.
 */
import type Koa from 'koa';
import {
  createService,
  Problem,
  type AuthOptions,
  type KitContext,
  type KitState,
  type Logger,
  type Route,
} from '../http/index.js';
import type { ReadModels } from '../projections/read-models.js';
import type { StoredState } from '../projections/runtime/stored-state.js';
import type { EventStore } from '../stores/events/port.js';
import type { AccessTokenSettings } from '../write/atlas/auth/access-token.js';
import { defaultDeviceFlowSettings, type DeviceFlowSettings } from '../write/atlas/auth/device-flow.js';
import type { SigningKey } from '../write/atlas/auth/signing-key.js';
import type { ScryptCost } from '../write/atlas/password.js';
import type { Actor, WriteDeps } from '../write/command.js';
import type { StateCache } from '../write/state-cache.js';
import { StoreUnavailableError } from '../stores/unavailable.js';
import { problemMappers, storeProblem } from './problems.js';

export type ServiceName = 'atlas' | 'nexacore' | 'codecrafters' | 'scoresquad';

/** What Atlas needs to sign tokens; only the process that runs Atlas has the private key. */
export interface TokenIssuing {
  key: SigningKey;
  tokens: AccessTokenSettings;
  refreshTtlSeconds: number;
  /** scrypt cost of new password hashes (default: the production cost); tests lower it. */
  passwordCost?: ScryptCost;
  /** The device authorization grant's settings (default: `defaultDeviceFlow`, from the settings' defaults). */
  deviceFlow?: DeviceFlowOptions;
}

/** The device authorization grant (RFC 8628) as configured: where users approve, how long codes live, how often devices poll. */
export interface DeviceFlowOptions extends DeviceFlowSettings {
  /** The dashboard's base URL; users approve at `<dashboardUrl>/get-token`. */
  dashboardUrl: string;
}

export const defaultDeviceFlow: DeviceFlowOptions = {
  dashboardUrl: 'http://localhost:5173',
  ...defaultDeviceFlowSettings,
};

export interface ServiceDeps {
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
  /** Present where Atlas runs (its service refuses to start without it). */
  issuing?: TokenIssuing;
}

/** The write side's view of the deps: the event store, the clock, the state cache. */
export const writeDepsOf = (deps: ServiceDeps): WriteDeps => ({
  store: deps.events,
  clock: deps.clock,
  cache: deps.cache,
});

/**
 * The signed-in caller as the write side sees them, in this request: the request id becomes the
 * correlation id of what the command appends (`correlationUuid` maps it onto a UUID).
 */
export const actorOf = (ctx: KitContext, user: { user_id: number }): Actor => ({
  user_id: user.user_id,
  correlation_id: ctx.state.requestId,
});

/** One HTTP service, as `system/` registers it: the same shape for all four. */
export interface ServiceModule {
  name: ServiceName;
  /** For logs, e.g. `Code Crafters`. */
  title: string;
  create(deps: ServiceDeps): Koa<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ServiceSpec {
  name: ServiceName;
  version: string;
  description: string;
  routes: readonly Route[];
  /** Largest JSON body, default '1mb'. */
  bodyLimit?: string;
}

/**
 * A service's Koa app, built the same way for all four: the kit's stack, token verification,
 * `/healthz` with the projections' lag, and the write side's errors as problems.
 */
export function serviceApp(deps: ServiceDeps, spec: ServiceSpec): Koa<KitState> {
  return createService({
    ...spec,
    auth: deps.auth,
    logger: deps.logger,
    health: () => projectionHealth(deps),
    problemMappers,
  });
}

/**
 * `/healthz` of every service: whether it can do its job now. The event store takes writes (its
 * probe), the read store answers reads (its probe), and no projection has stopped or is waiting
 * for a store; otherwise 503 with the reason. The probes never wait on a lock and are kept about
 * 1.5 s, so health answers in milliseconds, also while a store is locked.
 */
async function projectionHealth(deps: ServiceDeps): Promise<Record<string, unknown>> {
  try {
    await Promise.all([deps.events.probe(), deps.readModels.probe()]);
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw storeProblem(error);
    throw error;
  }
  const states = await deps.lag();
  assertNoFailedProjection(states);
  assertNoWaitingProjection(states);
  return {
    event_store: deps.events.kind,
    read_store: deps.readModels.kind,
    projections: states.map((s) => ({
      projection: s.projection,
      version: s.version,
      status: s.status,
      position: s.position,
      events_behind: s.events_behind,
      seconds_behind: s.seconds_behind,
      ...(s.retrying ? { retrying: s.retrying } : {}),
    })),
  };
}

/**
 * A projection waiting for a store that cannot take its batch now (locked, read-only) does not
 * keep its read models up to date meanwhile: 503, naming the projections and the store, until
 * it resumes on its own.
 */
export function assertNoWaitingProjection(states: readonly StoredState[]): void {
  const waiting = states.filter((s) => s.retrying !== undefined);
  if (waiting.length === 0) return;
  const names = waiting.map(
    (s) =>
      `${s.projection} v${s.version} (the ${s.retrying!.store === 'reads' ? 'read' : 'event'} store, since ${s.retrying!.since})`,
  );
  throw new Problem(
    'unavailable',
    `projection(s) waiting for a store that cannot take their writes now: ${names.join(', ')}`,
    {
      headers: { 'Retry-After': '1' },
    },
  );
}

/**
 * A failed projection (a poison event, see `npm run atlas -- lag`) makes the service unhealthy:
 * its answers would silently go stale, so `/healthz` says 503 and names the projections.
 */
function assertNoFailedProjection(states: readonly StoredState[]): void {
  const failed = states.filter((s) => s.status === 'failed').map((s) => `${s.projection} v${s.version}`);
  if (failed.length > 0) {
    throw new Problem(
      'unavailable',
      `projection(s) stopped on an event they cannot apply: ${failed.join(', ')}; see \`npm run atlas -- lag\``,
    );
  }
}
