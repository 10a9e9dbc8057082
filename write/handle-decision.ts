/**
 * `write/handle.ts` for a decision that says more than its events: load the stream (from the
 * state cache's revision on), decide, append with the revision read, and on a concurrent write
 * start over, a bounded number of times. It differs from `handleCommand` where the activity day
 * needs it to:
 *
 * - `decide` returns a decision (`{events, …}`): the handler appends its events and hands the
 *   whole decision back, e.g. the records it refused one by one while the others go in;
 * - events carry their own ids (an agent's record id is its idempotency key), not fresh UUIDs;
 * - each event has its own metadata (one append may carry several requests' records);
 * - stored events are read by `read`, which may read older schema versions (the catalogue has no
 *   upcasters);
 * - the folded state is cached only when the store appended every event: it drops an id it
 *   already holds elsewhere in the log, and the stream then is not what the fold says;
 * - optionally (`trustCache`) a cached state is taken as the stream's, without reading the tail
 *   first: the append's expected revision finds out if another process wrote since (and then the
 *   tail is read and the decision made again).
 *
 * The decider stays pure; the clock and the metadata come from the caller.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../stores/events/port.js';
import { definitionOf, parseEventData } from './catalogue.js';
import { fold, type Decider } from './decider.js';
import { EventMetadataSchema } from './event.js';
import type { LoadedState } from './load.js';
import type { StateCache } from './state-cache.js';

export type DecidedMetadata = Omit<EventMetadata, 'schema_version'>;

/** Made once: a zod schema made per command (`.omit`) is compiled again on its first parse, which costs more than the parse. */
const DecidedMetadataSchema = EventMetadataSchema.omit({ schema_version: true });

export interface HandleDecisionInput<
  Command,
  Event extends { id: string; type: string; data: unknown },
  State,
  Decision extends { events: readonly Event[] },
> {
  store: Pick<EventStore, 'append' | 'readStream'>;
  stream: string;
  /** The aggregate: its `initialState` and `evolve` fold the stream (and own its cache entries). */
  decider: Decider<Command, Event, State>;
  /** The full decision; its `events` are what `decider.decide` would return. */
  decide: (command: Command, state: State) => Decision;
  /** A stored event of the stream, validated (and read as the current version). */
  read: (stored: StoredEvent) => Event;
  command: Command;
  /** Each event's metadata; `schema_version` is the catalogue's. */
  metadataOf: (event: Event) => DecidedMetadata;
  /** Start-overs after a concurrent write; default 10, as `handleCommand`. */
  retries?: number;
  cache?: StateCache | undefined;
  /**
   * Decide on the cached state without reading the stream's tail first (one query less per
   * command). Right only for a decider whose decisions without events stay right on an older
   * state: what it refuses or ignores there, it refuses or ignores on any later one (the
   * activity day: a minute once held stays held, an id once known stays known). A decision with
   * events is appended with the cached revision, which the store checks.
   */
  trustCache?: boolean;
}

export interface HandledDecision<Decision> {
  decision: Decision;
  /** Revision of the stream's last event after the command; -1 when the stream still has none. */
  revision: number;
  /** Global position of the last event appended (or already stored); null when nothing was appended. */
  position: number | null;
}

async function load<Command, Event, State>(
  store: Pick<EventStore, 'readStream'>,
  stream: string,
  decider: Decider<Command, Event, State>,
  read: (stored: StoredEvent) => Event,
  cache: StateCache | undefined,
): Promise<LoadedState<State>> {
  const from = cache?.get<State>(stream, decider) ?? { state: decider.initialState, revision: -1 };
  const stored = await store.readStream(stream, { fromRevision: from.revision + 1 });
  if (stored.length === 0) return from;
  const loaded = { state: fold(decider, stored.map(read), from.state), revision: stored[stored.length - 1]!.revision };
  cache?.set(stream, decider, loaded);
  return loaded;
}

export async function handleDecision<
  Command,
  Event extends { id: string; type: string; data: unknown },
  State,
  Decision extends { events: readonly Event[] },
>(input: HandleDecisionInput<Command, Event, State, Decision>): Promise<HandledDecision<Decision>> {
  const { store, stream, decider, decide, read, command, metadataOf, retries = 10, cache, trustCache = false } = input;
  const checked = new Set<DecidedMetadata>();
  const metadata = (event: Event): EventMetadata => {
    const given = metadataOf(event);
    if (!checked.has(given)) {
      const valid = DecidedMetadataSchema.safeParse(given);
      if (!valid.success) throw new TypeError(`invalid event metadata: ${valid.error.message}`);
      checked.add(given);
    }
    return { ...given, schema_version: definitionOf(event.type).version };
  };

  for (let attempt = 0; ; attempt += 1) {
    const trusted = trustCache && attempt === 0 ? cache?.get<State>(stream, decider) : undefined;
    const { state, revision } = trusted ?? (await load(store, stream, decider, read, cache));
    const decision = decide(command, state);
    if (decision.events.length === 0) return { decision, revision, position: null };
    // Validate against the catalogue before writing: parsed data also gets the schema's defaults.
    const decided = decision.events.map(
      (event) => ({ ...event, data: parseEventData(event.type, event.data).data }) as Event,
    );
    const events: NewEvent[] = decided.map((event) => ({
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: metadata(event),
    }));
    try {
      const result = await store.append(stream, events, { expectedRevision: revision < 0 ? 'no_stream' : revision });
      if (result.appended === events.length)
        cache?.set(stream, decider, { state: fold(decider, decided, state), revision: result.nextRevision });
      // else the cache keeps the state read: the next command reads the stream from there.
      return { decision, revision: result.nextRevision, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= retries) throw error;
      // Spread the contenders out a little, so they do not collide again in lockstep.
      await sleep(Math.random() * Math.min(50, 4 * 2 ** attempt));
    }
  }
}
