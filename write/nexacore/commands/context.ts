/**
 * What the NexaCore application services are given (the event store, a clock, the state cache),
 * and their moves: run a command on a stream, or append a creation record exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../stores/events/port.js';
import { definitionOf, parseEventData } from '../../catalogue.js';
import { fold, type Decider } from '../../decider.js';
import type { HandledCommand } from '../../handle.js';
import { loadState } from '../../load.js';
import type { StateCache } from '../../state-cache.js';
import { correlationUuid, run as runCommand } from '../../atlas/commands/context.js';

export interface NexacoreDeps {
  store: EventStore;
  clock: () => Date;
  cache?: StateCache | undefined;
}

/** The signed-in caller; `correlation_id` is the request id. */
export interface Actor {
  user_id: number;
  correlation_id?: string;
}

export interface Occasion {
  now: Date;
  correlation_id: string;
  user_id: number;
}

export function occasionOf(deps: NexacoreDeps, actor: Actor): Occasion {
  return {
    now: deps.clock(),
    correlation_id: actor.correlation_id === undefined ? randomUUID() : correlationUuid(actor.correlation_id),
    user_id: actor.user_id,
  };
}

/** Runs a command on a stream, as Atlas's services do (`write/atlas/commands/context.ts`). */
export function run<Command, Event extends { type: string; data: unknown }, State>(
  deps: NexacoreDeps,
  occasion: Occasion,
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
): Promise<HandledCommand<Event, State>> {
  return runCommand(deps, { ...occasion, causation_id: null }, stream, decider, command);
}

/**
 * Decides a command whose only possible event is one that may exist once per stream (a creation
 * record) and appends it under `eventId`, a name-based id. Racing requests, and retries, all
 * append that same id; the event store keeps the first and drops the others (a no-op success), so
 * no expected revision is needed and nobody has to retry. Returns the state after.
 */
export async function appendOnce<Command, Event extends { type: string; data: unknown }, State>(
  deps: NexacoreDeps,
  occasion: Occasion,
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  eventId: string,
): Promise<State> {
  const { state } = await loadState({ store: deps.store, stream, decider, cache: deps.cache });
  const decided = decider.decide(command, state).map((event) => parseEventData(event.type, event.data) as unknown as Event);
  if (decided.length === 0) return state;
  if (decided.length > 1) throw new Error(`appendOnce: ${stream} decided ${decided.length} events, expected one`);
  const [event] = decided as [Event];
  await deps.store.append(
    stream,
    [
      {
        id: eventId,
        type: event.type,
        data: event.data,
        metadata: {
          correlation_id: occasion.correlation_id,
          causation_id: null,
          user_id: occasion.user_id,
          occurred_at: occasion.now.toISOString(),
          schema_version: definitionOf(event.type).version,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  return fold(decider, decided, state);
}
