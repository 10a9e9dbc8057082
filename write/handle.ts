/**
 * The command handler (design §3): load the stream, decide, append with the revision it read, and
 * on a concurrent write start over (re-read, re-decide) a bounded number of times. The decider
 * stays pure; ids, clock and metadata are added here.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type NewEvent,
} from '../stores/events/port.js';
import { definitionOf, parseEventData } from './catalogue.js';
import { EventMetadataSchema } from './event.js';
import { fold, type Decider } from './decider.js';
import { loadState } from './load.js';
import type { StateCache } from './state-cache.js';

export interface CommandMetadata {
  correlation_id: string;
  causation_id: string | null;
  user_id: number | null;
}

export interface HandleCommandInput<Command, Event, State> {
  store: EventStore;
  stream: string;
  decider: Decider<Command, Event, State>;
  command: Command;
  metadata: CommandMetadata;
  /** When the decision is made: becomes every event's `occurred_at`. */
  now: Date;
  /**
   * How many times to start over after a concurrent write. Default 10: enough for ten writers on
   * one aggregate at once (each collision lets one through), still bounded.
   */
  retries?: number;
  cache?: StateCache | undefined;
}

/** An appended event: what the decider decided, plus where and under which id it was stored. */
export type AppendedEvent<Event> = Event & { id: string; stream: string; revision: number; metadata: EventMetadata };

export interface HandledCommand<Event, State> {
  /** The events appended, in order; empty when the decider decided nothing needed to change. */
  events: AppendedEvent<Event>[];
  state: State;
  /** Revision of the stream's last event after the command; -1 when the stream still has none. */
  revision: number;
  /** Global position of the last event appended; null when nothing was appended. */
  position: number | null;
}

export async function handleCommand<Command, Event extends { type: string; data: unknown }, State>(
  input: HandleCommandInput<Command, Event, State>,
): Promise<HandledCommand<Event, State>> {
  const { store, stream, decider, command, now, retries = 10, cache } = input;
  const metadata = { ...input.metadata, occurred_at: now.toISOString() };
  const checked = EventMetadataSchema.omit({ schema_version: true }).safeParse(metadata);
  if (!checked.success) throw new TypeError(`invalid event metadata: ${checked.error.message}`);

  for (let attempt = 0; ; attempt += 1) {
    const { state, revision } = await loadState({ store, stream, decider, cache });
    // Validate against the catalogue before writing: parsed data also gets the schema's defaults.
    const decided = decider
      .decide(command, state)
      .map((event) => parseEventData(event.type, event.data) as unknown as Event);
    if (decided.length === 0) return { events: [], state, revision, position: null };

    const events: NewEvent[] = decided.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: { ...metadata, schema_version: definitionOf(event.type).version },
    }));
    try {
      const result = await store.append(stream, events, { expectedRevision: revision < 0 ? 'no_stream' : revision });
      const next = { state: fold(decider, decided, state), revision: result.nextRevision };
      cache?.set(stream, decider, next);
      const first = result.nextRevision - events.length + 1;
      return {
        events: decided.map(
          (event, i) => ({ ...event, ...events[i]!, stream, revision: first + i }) as AppendedEvent<Event>,
        ),
        state: next.state,
        revision: next.revision,
        position: result.position,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= retries) throw error;
      // Spread the contenders out a little, so they do not collide again in lockstep.
      await sleep(Math.random() * Math.min(50, 4 * 2 ** attempt));
    }
  }
}
