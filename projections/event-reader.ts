/**
 * How every projection reads the log, in one place: a projection names the catalogue's events it
 * reads, and gets each of them typed, checked by the catalogue's `checkEvent` (its schema version
 * is the one the catalogue reads, its data has exactly the fields of the schema), every other
 * event as null. What fails the check throws, so the runtime stops the projection at that event
 * (poison) with the catalogue's report, e.g. `invalid atlas.TaskCompleted event:
 * atlas-task-…@3: missing "organization_id"`; the projections that do not read it go on.
 *
 * The values are trusted, not parsed again with zod: the writers validated them against the same
 * schemas before appending, and a zod parse of every event costs a rebuild about a quarter of its
 * speed (the activity minute, most of the log, takes ~10 µs to parse against ~0.3 µs for this
 * check; measured with `bench/projections.ts`'s log, docs/operations.md "Poison events").
 */
import type { StoredEvent } from '../stores/events/port.js';
import type { EventDefinition, EventOf } from '../write/event.js';
import { checkEvent } from '../write/catalogue.js';

export type EventReader<Defs extends readonly EventDefinition[]> = (stored: StoredEvent) => EventOf<Defs> | null;

export function eventReader<const Defs extends readonly EventDefinition[]>(...definitions: Defs): EventReader<Defs> {
  const types: ReadonlySet<string> = new Set(definitions.map((definition) => definition.type));
  return (stored) => (types.has(stored.type) ? (checkEvent(stored) as unknown as EventOf<Defs>) : null);
}
