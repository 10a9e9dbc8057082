/**
 * Translation between our events and EventStoreDB's (pure).
 *
 * Positions: our `position` is the event's commit position in the EventStoreDB transaction log, as
 * a JS number. We assume it stays below 2^53 (9 petabytes of log); past that we refuse rather than
 * round. For events appended without an explicit transaction (the gRPC client has none), each event
 * gets its own commit position, equal to its prepare position, so the commit position alone is a
 * unique, increasing global position, and `{commit: p, prepare: p}` points at that very event.
 */
import { EventStoreUnavailableError, type EventMetadata, type NewEvent, type StoredEvent } from './port.js';
import type { EventData, JSONType, Position, RecordedEvent } from '@eventstore/db-client';

export function toPositionNumber(commit: bigint): number {
  if (commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new EventStoreUnavailableError(`EventStoreDB commit position ${commit} does not fit in 2^53`);
  }
  return Number(commit);
}

/** The log position of the event whose `position` we handed out. */
export function toLogPosition(position: number): Position {
  const at = BigInt(position);
  return { commit: at, prepare: at };
}

/** System streams (`$...`) and system events (`$...` types: links, metadata, stats) are not ours. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function toEventData(event: NewEvent): EventData {
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // The client JSON-encodes whatever it is given; JSONType only narrows what it declares.
    data: event.data as JSONType,
    metadata: event.metadata as unknown as JSONType,
  };
}

export function toStoredEvent(event: RecordedEvent): StoredEvent {
  if (!event.position) {
    // Stream reads carry the $all position from server 22.6 on; older servers cannot serve this port.
    throw new EventStoreUnavailableError(
      `EventStoreDB returned no log position for ${event.streamId}@${event.revision}: server older than 22.6?`,
    );
  }
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
    stream: event.streamId,
    revision: Number(event.revision),
    position: toPositionNumber(event.position.commit),
    recorded_at: event.created.toISOString(),
  };
}

/** Event ids are UUIDs; EventStoreDB hands them back in lower case. */
export function idKey(id: string): string {
  return id.toLowerCase();
}
