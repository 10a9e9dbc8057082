/**
 * What every Atlas application service is given, and the two moves they all make: load a stream's
 * state, and run a command on a stream with the request's metadata.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EventStore } from '../../../stores/events/port.js';
import type { Decider } from '../../decider.js';
import { handleCommand, type HandledCommand } from '../../handle.js';
import { loadState, type LoadedState } from '../../load.js';
import type { StateCache } from '../../state-cache.js';
import type { ScryptCost } from '../password.js';

export interface AtlasDeps {
  store: EventStore;
  clock: () => Date;
  /** Folded states by stream; give one per store to a long-running process (see StateCache). */
  cache?: StateCache;
  /** scrypt cost of new password hashes (default DEFAULT_SCRYPT_COST); tests and the bench lower it. */
  passwordCost?: ScryptCost;
}

/** Where a request comes from, for the events' metadata. */
export interface RequestContext {
  /** The request id; a fresh one when absent. Not a UUID: mapped onto one (see `correlationUuid`). */
  correlation_id?: string;
  causation_id?: string | null;
}

/** The signed-in user on whose behalf a command runs. */
export interface Actor extends RequestContext {
  user_id: number;
}

/**
 * An input naming its resource by id (from the URL) beside the body's fields, e.g.
 * `{ ...body, organization_id: params.id }`. Ids are checked here, not by the caller.
 */
export type InputWith<Id extends string> = { readonly [key in Id]: unknown } & Readonly<Record<string, unknown>>;

/** One command's occasion: who, when, and why (metadata), fixed once per application service call. */
export interface Occasion {
  now: Date;
  correlation_id: string;
  causation_id: string | null;
  user_id: number | null;
}

export function occasionOf(deps: AtlasDeps, who: RequestContext & { user_id?: number | null }): Occasion {
  return {
    now: deps.clock(),
    correlation_id: who.correlation_id === undefined ? randomUUID() : correlationUuid(who.correlation_id),
    causation_id: who.causation_id ?? null,
    user_id: who.user_id ?? null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Event metadata holds UUIDs, but a request id may be any sane string (a proxy's, the agent's).
 * Such an id becomes a name-based UUID (v5 layout over SHA-1), so one request's events still share
 * one correlation id and the same request id always maps to the same UUID.
 */
export function correlationUuid(requestId: string): string {
  if (UUID.test(requestId)) return requestId.toLowerCase();
  const bytes = createHash('sha1').update('atlas-correlation:').update(requestId).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function load<Command, Event, State>(
  deps: AtlasDeps,
  stream: string,
  decider: Decider<Command, Event, State>,
): Promise<LoadedState<State>> {
  return loadState({ store: deps.store, stream, decider, cache: deps.cache });
}

export function run<Command, Event extends { type: string; data: unknown }, State>(
  deps: AtlasDeps,
  occasion: Occasion,
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  retries?: number,
): Promise<HandledCommand<Event, State>> {
  const { now, correlation_id, causation_id, user_id } = occasion;
  return handleCommand({
    store: deps.store,
    cache: deps.cache,
    stream,
    decider,
    command,
    now,
    metadata: { correlation_id, causation_id, user_id },
    ...(retries === undefined ? {} : { retries }),
  });
}
