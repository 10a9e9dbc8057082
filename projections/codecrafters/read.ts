/**
 * How the Code Crafters projections read the log: as every projection does (`../event-reader.ts`),
 * and `ActivityRecorded` of version 1 (before a user's minute was capped at 60 s) upcast to
 * version 2, counting the record in full as it was counted then (`upcastActivityV1`), so an old
 * log rebuilds to the read models it had.
 */
import type { StoredEvent } from '../../stores/events/port.js';
import { MemberAdded, MemberRoleChanged, UserRegistered } from '../../write/atlas/events.js';
import {
  ActivityRecorded,
  ActivityRecordedV1,
  ProductivityProfileUpdated,
  upcastActivityV1,
  type ActivityDataV1,
} from '../../write/codecrafters/events.js';
import { eventReader } from '../event-reader.js';

const readCurrent = eventReader(
  ActivityRecorded,
  ProductivityProfileUpdated,
  UserRegistered,
  MemberAdded,
  MemberRoleChanged,
);

export type CodecraftersReadEvent = NonNullable<ReturnType<typeof readCurrent>>;

export function readEvent(stored: StoredEvent): CodecraftersReadEvent | null {
  if (stored.type === ActivityRecorded.type && stored.metadata.schema_version === ActivityRecordedV1.version) {
    return { type: ActivityRecorded.type, data: upcastActivityV1(stored.data as ActivityDataV1) };
  }
  return readCurrent(stored);
}
