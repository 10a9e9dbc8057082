/**
 * How the Atlas projections read a stored event. The catalogue validated the data when it was
 * appended, so here only the type and the schema version are checked, not the data again: a zod
 * parse per event would cost more than the whole write budget of a 100,000 events/s rebuild.
 * An Atlas event written with a schema version no reader knows stops the projection (poison)
 * rather than being misread.
 */
import type { StoredEvent } from '../../stores/events/port.js';
import { atlasEvents, type AtlasEvent } from '../../write/atlas/events.js';

const versions: ReadonlyMap<string, number> = new Map(atlasEvents.map((definition) => [definition.type, definition.version]));

/** The event as the catalogue types it, or null when it is not an Atlas event. */
export function atlasEventOf(event: StoredEvent): AtlasEvent | null {
  const version = versions.get(event.type);
  if (version === undefined) return null;
  if (event.metadata.schema_version !== version) {
    throw new Error(`${event.type} at ${event.stream}@${event.revision} has schema version ${event.metadata.schema_version}; the Atlas projections read version ${version}`);
  }
  return event as unknown as AtlasEvent;
}
