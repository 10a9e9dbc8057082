/**
 * What every application service on the write side is given, and the moves they all make (design
 * §3): load a stream's state, run a command on a stream through the command handler, or append a
 * record that needs no decision. One set for every context: Atlas, NexaCore, Code Crafters and
 * ScoreSquad use these, so ids, clock and metadata are stamped the same way everywhere.
 */
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5, validate as isUuid } from 'uuid';
import type { EventStore, ExpectedRevision } from '../stores/events/port.js';
import { definitionOf, parseEventData } from './catalogue.js';
import { fold, type Decider } from './decider.js';
import { handleCommand, type CommandMetadata, type HandledCommand } from './handle.js';
import { loadState, type LoadedState } from './load.js';
import type { StateCache } from './state-cache.js';

export interface WriteDeps {
  store: EventStore;
  clock: () => Date;
  /** Folded states by stream; give one per store to a long-running process (see StateCache). */
  cache?: StateCache | undefined;
}

/** Where a request comes from, for the events' metadata. */
export interface RequestContext {
  /** The request id; a fresh one when absent. Need not be a UUID: it is mapped onto one (`correlationUuid`). */
  correlation_id?: string;
  causation_id?: string | null;
}

/** The signed-in user on whose behalf a command runs, in the request they sent. */
export interface Actor extends RequestContext {
  user_id: number;
}

/**
 * An input naming its resource by id (from the URL) beside the body's fields, e.g.
 * `{ ...body, organization_id: params.id }`. Ids are checked by the service, not by the caller.
 */
export type InputWith<Id extends string> = { readonly [key in Id]: unknown } & Readonly<Record<string, unknown>>;

/** One command's context: when it is decided, and who asks in which request (the events' metadata). */
export interface CommandContext extends CommandMetadata {
  now: Date;
}

export function contextOf(
  deps: Pick<WriteDeps, 'clock'>,
  who: RequestContext & { user_id?: number | null },
): CommandContext {
  return {
    now: deps.clock(),
    correlation_id: who.correlation_id === undefined ? randomUUID() : correlationUuid(who.correlation_id),
    causation_id: who.causation_id ?? null,
    user_id: who.user_id ?? null,
  };
}

/** The namespace of name-based correlation ids (RFC 9562 v5); fixed forever. */
const CORRELATION_NAMESPACE = '0b6b3c55-3f3a-4b0e-9c43-8f6f1f2f7c61';

/**
 * Event metadata holds UUIDs, but a request id may be any sane string (a proxy's, the agent's).
 * Such an id becomes a name-based UUID, so one request's events still share one correlation id
 * and the same request id always maps to the same UUID.
 */
export function correlationUuid(requestId: string): string {
  return isUuid(requestId) ? requestId.toLowerCase() : uuidv5(requestId, CORRELATION_NAMESPACE);
}

export function load<Command, Event, State>(
  deps: WriteDeps,
  stream: string,
  decider: Decider<Command, Event, State>,
): Promise<LoadedState<State>> {
  return loadState({ store: deps.store, stream, decider, cache: deps.cache });
}

/** Runs a command on a stream through the command handler (`handle.ts`). */
export function run<Command, Event extends { type: string; data: unknown }, State>(
  deps: WriteDeps,
  context: CommandContext,
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  retries?: number,
): Promise<HandledCommand<Event, State>> {
  const { now, correlation_id, causation_id, user_id } = context;
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

/** An event to append without a decider: its id (the idempotency key), type and data. */
export interface RecordToAppend {
  id: string;
  type: string;
  data: unknown;
}

/**
 * Appends events that need no decision, stamped like the handler's: data validated against the
 * catalogue (and given its defaults), metadata from the context, the catalogue's schema version.
 * An id already stored is a no-op success, so a retried request appends nothing twice.
 */
export async function appendRecords(
  deps: Pick<WriteDeps, 'store'>,
  context: CommandContext,
  stream: string,
  records: readonly RecordToAppend[],
  expectedRevision: ExpectedRevision = 'any',
): Promise<void> {
  const { now, correlation_id, causation_id, user_id } = context;
  const occurred_at = now.toISOString();
  const events = records.map((record) => ({
    id: record.id,
    type: record.type,
    data: parseEventData(record.type, record.data).data,
    metadata: { correlation_id, causation_id, user_id, occurred_at, schema_version: definitionOf(record.type).version },
  }));
  await deps.store.append(stream, events, { expectedRevision });
}

/**
 * Decides a command whose only possible event is one that may exist once per stream (a creation
 * record) and appends it under `eventId`, a name-based id. Racing requests, and retries, all
 * append that same id; the event store keeps the first and drops the others (a no-op success), so
 * no expected revision is needed and nobody has to retry. Returns the state after.
 */
export async function appendOnce<Command, Event extends { type: string; data: unknown }, State>(
  deps: WriteDeps,
  context: CommandContext,
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  eventId: string,
): Promise<State> {
  const { state } = await load(deps, stream, decider);
  const decided = decider.decide(command, state);
  if (decided.length === 0) return state;
  if (decided.length > 1) throw new Error(`appendOnce: ${stream} decided ${decided.length} events, expected one`);
  const [event] = decided as [Event];
  await appendRecords(deps, context, stream, [{ id: eventId, type: event.type, data: event.data }]);
  return fold(decider, [parseEventData(event.type, event.data) as unknown as Event], state);
}
