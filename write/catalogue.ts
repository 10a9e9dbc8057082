/**
 * Every context's events in one place (design §3). Writers validate what they append against it,
 * readers validate what they read: a stored event whose type is unknown, whose schema version has
 * no reader, or whose data does not match its schema is refused with an error naming it.
 */
import { z } from 'zod';
import type { EventDefinition, EventOf } from './event.js';
import type { StoredEvent } from '../stores/events/port.js';
import { atlasEvents } from './atlas/events.js';
import { refreshEvents } from './atlas/auth/events.js';
import { nexacoreEvents } from './nexacore/events.js';
import { scoresquadEvents } from './scoresquad/events.js';
import { codecraftersEvents } from './codecrafters/events.js';

/** Contexts add their catalogue here (`...nexacoreEvents`, …). */
export const catalogue = [...atlasEvents, ...refreshEvents, ...scoresquadEvents, ...nexacoreEvents, ...codecraftersEvents] as const;

export type CatalogueEvent = EventOf<typeof catalogue>;
export type CatalogueEventType = CatalogueEvent['type'];
/** A stored event whose type and data the catalogue vouches for. */
export type ParsedEvent = Omit<StoredEvent, 'type' | 'data'> & CatalogueEvent;

const definitions: ReadonlyMap<string, EventDefinition> = new Map(
  catalogue.map((definition) => [definition.type, definition]),
);

export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';
  constructor(readonly type: string) {
    super(`unknown event type "${type}": it is not in the catalogue (write/catalogue.ts)`);
  }
}

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(
    readonly type: string,
    detail: string,
  ) {
    super(`invalid ${type} event: ${detail}`);
  }
}

export function definitionOf(type: string): EventDefinition {
  const definition = definitions.get(type);
  if (!definition) throw new UnknownEventTypeError(type);
  return definition;
}

/** Validates an event's data against the current schema of its type; returns the parsed data. */
export function parseEventData<Type extends string>(
  type: Type,
  data: unknown,
): Extract<CatalogueEvent, { type: Type }> {
  const parsed = definitionOf(type).schema.safeParse(data);
  if (!parsed.success) throw new InvalidEventError(type, z.prettifyError(parsed.error));
  return { type, data: parsed.data } as Extract<CatalogueEvent, { type: Type }>;
}

/**
 * Validates a stored event against the catalogue. There are no upcasters yet, so an event written
 * with another schema version than the catalogue's is refused rather than misread.
 */
export function parseEvent(stored: StoredEvent): ParsedEvent {
  const definition = definitionOf(stored.type);
  const version = stored.metadata.schema_version;
  if (version !== definition.version) {
    throw new InvalidEventError(
      stored.type,
      `${stored.stream}@${stored.revision} has schema version ${version}, ` +
        `the catalogue reads version ${definition.version}`,
    );
  }
  const parsed = definition.schema.safeParse(stored.data);
  if (!parsed.success) {
    throw new InvalidEventError(stored.type, `${stored.stream}@${stored.revision}: ${z.prettifyError(parsed.error)}`);
  }
  return { ...stored, data: parsed.data } as ParsedEvent;
}
