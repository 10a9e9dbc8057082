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
import { deviceEvents } from './atlas/auth/device-events.js';
import { nexacoreEvents } from './nexacore/events.js';
import { scoresquadEvents } from './scoresquad/events.js';
import { codecraftersEvents } from './codecrafters/events.js';

/** Contexts add their catalogue here (`...nexacoreEvents`, …). */
export const catalogue = [
  ...atlasEvents,
  ...refreshEvents,
  ...deviceEvents,
  ...scoresquadEvents,
  ...nexacoreEvents,
  ...codecraftersEvents,
] as const;

export type CatalogueEvent = EventOf<typeof catalogue>;
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

/** The fields an event's data may have (`all`), and those it must have (`required`). */
interface Fields {
  all: ReadonlySet<string>;
  required: ReadonlySet<string>;
}

/** Per object schema, from the schema itself: a field is optional when `undefined` parses. */
const fieldsOf: ReadonlyMap<string, Fields> = new Map(
  catalogue.flatMap((definition): [string, Fields][] => {
    const schema: z.ZodType = definition.schema;
    if (!(schema instanceof z.ZodObject)) return [];
    const shape = schema.shape as Record<string, z.ZodType>;
    const all = Object.keys(shape);
    const required = all.filter((field) => !shape[field]!.safeParse(undefined).success);
    return [[definition.type, { all: new Set(all), required: new Set(required) }]];
  }),
);

const where = (stored: StoredEvent): string => `${stored.stream}@${stored.revision}`;

/**
 * The one schema-version check: the definition of the stored event's type, when the event was
 * written with the schema version the catalogue reads. There are no upcasters yet, so an event of
 * another version is refused rather than misread.
 */
function definitionOfStored(stored: StoredEvent): EventDefinition {
  const definition = definitionOf(stored.type);
  const version = stored.metadata.schema_version;
  if (version !== definition.version) {
    throw new InvalidEventError(
      stored.type,
      `${where(stored)} has schema version ${version}, the catalogue reads version ${definition.version}`,
    );
  }
  return definition;
}

/** Validates a stored event against the catalogue: its type, its schema version, its data. */
export function parseEvent(stored: StoredEvent): ParsedEvent {
  const parsed = definitionOfStored(stored).schema.safeParse(stored.data);
  if (!parsed.success) {
    throw new InvalidEventError(stored.type, `${where(stored)}: ${z.prettifyError(parsed.error)}`);
  }
  return { ...stored, data: parsed.data } as ParsedEvent;
}

/**
 * The checks of `parseEvent` that cost no parse of the values, for readers that trust them because
 * the writers validated them against the same schemas (the projections: a zod parse per event
 * would cost a rebuild about a third of its speed): the type is in the catalogue, the schema
 * version is the one it reads, and the data has the fields of its schema, no other and none
 * missing, so that a schema changed without a version bump is refused rather than misread. The
 * event is returned as it is stored (a field with a default stays absent).
 */
export function checkEvent(stored: StoredEvent): ParsedEvent {
  definitionOfStored(stored);
  const fields = fieldsOf.get(stored.type);
  if (fields === undefined) return stored as ParsedEvent;
  const data = stored.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidEventError(stored.type, `${where(stored)}: the data is not an object`);
  }
  let required = 0;
  for (const field in data) {
    if (fields.required.has(field)) required += 1;
    else if (!fields.all.has(field))
      throw new InvalidEventError(stored.type, `${where(stored)}: unknown field "${field}"`);
  }
  if (required < fields.required.size) {
    const missing = [...fields.required].filter((field) => !(field in data));
    throw new InvalidEventError(
      stored.type,
      `${where(stored)}: missing ${missing.map((field) => `"${field}"`).join(', ')}`,
    );
  }
  return stored as ParsedEvent;
}
