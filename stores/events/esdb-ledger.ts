/**
 * What the EventStoreDB adapter knows of a stream: its last revision and every stored event id.
 *
 * EventStoreDB's own idempotency is best effort, so `append` drops stored ids itself, which needs
 * the stream's ids. Streams are bounded by design; still, rereading a whole stream on every append
 * would make long streams quadratic. Streams are append-only, so we keep what we read (for the
 * most recently used streams) and, on each append, read only the tail after the known revision.
 * The tail read is exact whatever other writers did, and `append` then pins the expected revision
 * to what it read, so a write that slipped in between is caught as a conflict and retried.
 */
import { StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import { idKey, toStoredEvent } from './esdb-events.js';

export interface StreamRecord {
  /** Revision of the stream's last event, -1 when it has none. */
  revision: number;
  /** Position of the stream's last event, 0 when it has none. */
  position: number;
  /** Every stored event id of the stream (see `idKey`) → its position. */
  positions: Map<string, number>;
}

export class StreamLedger {
  private readonly streams = new Map<string, StreamRecord>();

  constructor(
    private readonly client: EventStoreDBClient,
    /** How many streams are remembered (least recently used ones are forgotten first). */
    private readonly capacity = 1000,
  ) {}

  /** The stream as it is now on the server: what we knew, plus the events appended since. */
  async current(stream: string): Promise<StreamRecord> {
    const record = this.remember(stream);
    const events = this.client.readStream(stream, { fromRevision: BigInt(record.revision + 1) });
    try {
      for await (const { event } of events) {
        if (!event) continue;
        const revision = Number(event.revision);
        // Another read of this stream may have run alongside and recorded the event already;
        // both read contiguously from at most `record.revision + 1`, so nothing is left out.
        if (revision <= record.revision) continue;
        const { position } = toStoredEvent(event);
        record.positions.set(idKey(event.id), position);
        record.revision = revision;
        record.position = position;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return record;
  }

  private remember(stream: string): StreamRecord {
    const known = this.streams.get(stream);
    const record = known ?? { revision: -1, position: 0, positions: new Map<string, number>() };
    // Map keeps insertion order: re-inserting marks the stream as most recently used.
    this.streams.delete(stream);
    this.streams.set(stream, record);
    for (const oldest of this.streams.keys()) {
      if (this.streams.size <= this.capacity) break;
      this.streams.delete(oldest);
    }
    return record;
  }
}
