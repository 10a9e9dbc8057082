/**
 * Activity events as the write side reads them back: validated against the catalogue (version 2),
 * or, for events written before the minute was capped, against version 1 and read as version 2
 * (`upcastActivityV1`). The catalogue has no upcasters (`write/catalogue.ts` refuses other
 * versions); this is the one place on the write side that reads the old version.
 */
import { z } from 'zod';
import type { StoredEvent } from '../../stores/events/port.js';
import { InvalidEventError, parseEvent } from '../catalogue.js';
import { ActivityRecorded, ActivityRecordedV1, upcastActivityV1, type ActivityData } from './events.js';

/** An activity event with its id: the record's id, the key of a record's idempotency. */
export interface ActivityEvent {
  id: string;
  type: typeof ActivityRecorded.type;
  data: ActivityData;
}

export function readActivityEvent(stored: StoredEvent): ActivityEvent {
  const at = `${stored.stream}@${stored.revision}`;
  if (stored.type === ActivityRecorded.type && stored.metadata.schema_version === ActivityRecordedV1.version) {
    const parsed = ActivityRecordedV1.schema.safeParse(stored.data);
    if (!parsed.success) throw new InvalidEventError(stored.type, `${at}: ${z.prettifyError(parsed.error)}`);
    return { id: stored.id, type: ActivityRecorded.type, data: upcastActivityV1(parsed.data) };
  }
  const event = parseEvent(stored);
  if (event.type !== ActivityRecorded.type)
    throw new InvalidEventError(stored.type, `${at}: an activity stream holds only ${ActivityRecorded.type}`);
  return { id: event.id, type: event.type, data: event.data };
}
