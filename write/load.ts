/**
 * The current state of one stream: read it (from a cached revision on, when there is one),
 * validate every event against the catalogue, fold it with the decider's evolve.
 */
import type { EventStore } from '../stores/events/port.js';
import { parseEvent } from './catalogue.js';
import { fold, type Decider } from './decider.js';
import type { StateCache } from './state-cache.js';

export interface LoadedState<State> {
  state: State;
  /** Revision of the stream's last event; -1 when the stream has none. */
  revision: number;
}

export interface LoadStateInput<Command, Event, State> {
  store: EventStore;
  stream: string;
  decider: Decider<Command, Event, State>;
  cache?: StateCache | undefined;
}

export async function loadState<Command, Event, State>({
  store,
  stream,
  decider,
  cache,
}: LoadStateInput<Command, Event, State>): Promise<LoadedState<State>> {
  const cached = cache?.get<State>(stream, decider);
  const from = cached ?? { state: decider.initialState, revision: -1 };
  const stored = await store.readStream(stream, { fromRevision: from.revision + 1 });
  if (stored.length === 0) return from;
  // The catalogue vouches for type and data; the stream's decider knows these types.
  const events = stored.map((event) => parseEvent(event) as unknown as Event);
  const loaded = { state: fold(decider, events, from.state), revision: stored[stored.length - 1]!.revision };
  cache?.set(stream, decider, loaded);
  return loaded;
}
