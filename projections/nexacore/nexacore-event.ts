/**
 * How the NexaCore projections read their own events: like Atlas's (projections/atlas/atlas-event.ts),
 * the catalogue validated the data when it was appended, so only the schema version is checked.
 */
import type { StoredEvent } from '../../stores/events/port.js';
import { nexacoreEvents, type NexacoreEvent } from '../../write/nexacore/events.js';

const versions: ReadonlyMap<string, number> = new Map(nexacoreEvents.map((definition) => [definition.type, definition.version]));

/** The event as the catalogue types it, or null when it is not a NexaCore event. */
export function nexacoreEventOf(event: StoredEvent): NexacoreEvent | null {
  const version = versions.get(event.type);
  if (version === undefined) return null;
  if (event.metadata.schema_version !== version) {
    throw new Error(
      `${event.type} at ${event.stream}@${event.revision} has schema version ${event.metadata.schema_version}; ` +
        `the NexaCore projections read version ${version}`,
    );
  }
  return event as unknown as NexacoreEvent;
}
