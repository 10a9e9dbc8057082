/**
 * The EventStore port (design §2): an append-only log of streams with one global order.
 *
 * Adapters: `sqlite.ts` (embedded default, better-sqlite3) and `esdb.ts` (EventStoreDB),
 * chosen by `open.ts` from the `ESDB_URL` setting. Every adapter passes `conformance.ts`.
 * A store that cannot do something now throws `EventStoreUnavailableError` (`../unavailable.ts`).
 */
import { StoreUnavailableError, type StoreUnavailableOptions } from '../unavailable.js';

/** Metadata carried by every event (design §3). */
export interface EventMetadata {
  /** The request or process that started the chain of work. */
  correlation_id: string;
  /** The command or event that directly caused this one (null for a command from outside). */
  causation_id: string | null;
  /** The Atlas user on whose behalf the event was written (null for the system). */
  user_id: number | null;
  /** ISO 8601 UTC instant at which the decision was made. */
  occurred_at: string;
  /** The catalogue version of the event's data schema. */
  schema_version: number;
}

/** An event about to be appended. `id` is a UUID and the idempotency key. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/** An event as stored: the new event plus where it landed. */
export interface StoredEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  stream: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  /** Position in the global log: strictly increasing, starts at 1, never reused. */
  position: number;
  /** ISO 8601 UTC instant at which the store recorded the event. */
  recorded_at: string;
}

/**
 * What the caller expects of the stream before the append:
 * - `any`: no check;
 * - `no_stream`: the stream has no event yet;
 * - `stream_exists`: the stream has at least one event;
 * - a number: the revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision; // default 'any'
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  nextRevision: number;
  /** Global position of the last event written (or of the last already stored one, on a no-op). */
  position: number;
  /** How many of the given events were new (0 when every id was already stored). */
  appended: number;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default 0. */
  fromRevision?: number;
  /** At most this many events. */
  limit?: number;
}

export interface ReadAllOptions {
  /**
   * Read events whose position is strictly greater than this. Default 0 (the beginning).
   * Pass 0 or a position this store handed out: EventStoreDB positions are sparse log offsets.
   */
  after?: number;
  /** At most this many events. Default 1000. */
  limit?: number;
}

export interface ScanOptions {
  /** Events whose position is strictly greater than this (same rule as ReadAllOptions.after). */
  after: number;
  /** Up to this position, inclusive (typically the head when the scan starts). */
  upTo: number;
  /** Largest page handed over at once. */
  pageSize: number;
}

export interface SubscribeOptions {
  /** Deliver events whose position is strictly greater than this. Default 0 (the beginning). Same rule as ReadAllOptions.after. */
  after?: number;
  /** Largest page handed over at once. Default 1000. */
  pageSize?: number;
  /** Stops the subscription; the iterator then ends. */
  signal?: AbortSignal;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'esdb';

  /**
   * Appends events to one stream, atomically.
   * Idempotency (deterministic): events whose `id` is already stored are dropped from the batch
   * (sqlite: stored anywhere in the log; esdb: stored in this stream), as are repeats of an id
   * within the batch; if none remain, the call is a no-op success (whatever the expected revision)
   * whose `nextRevision` is the stream's current last revision and whose `position` is that of the
   * last already stored event of the batch. Otherwise the expected revision is checked against the
   * stream as it is, for the events that remain.
   * @throws WrongExpectedRevisionError when the expected revision does not hold.
   */
  append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /** Events of one stream in revision order (empty when the stream does not exist). */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /** One page of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;

  /**
   * A stretch of the log in position order, as pages: the sequential read of rebuilds, replays
   * and audits. The consumer pulls; the store reads at most a couple of pages ahead, never the
   * whole stretch. The embedded store reads a long stretch on a thread of its own, so that the
   * consumer's thread only parses. Ends after `upTo`, or at the end of the log.
   */
  scan(options: ScanOptions): AsyncIterable<StoredEvent[]>;

  /** Position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;

  /**
   * Catch-up then live subscription to the global log, as pages of events in position order.
   * Never skips or repeats an event, also when appends race with the hand-over from catch-up to
   * live, and also for appends made by other processes on the same store.
   * The consumer pulls: the next page is read only when asked for (backpressure).
   * Delivered events are read-only: the embedded store hands the same frozen objects to every
   * subscription of the store.
   */
  subscribe(options?: SubscribeOptions): AsyncIterable<StoredEvent[]>;

  /**
   * Whether the store takes writes now, for health checks: resolves, or throws
   * EventStoreUnavailableError with the reason. Cheap and quick: it answers in milliseconds also
   * while another connection holds a lock, and its answer is kept for about 1.5 s, so polling it
   * costs the store nothing.
   */
  probe(): Promise<void>;

  close(): Promise<void>;
}

/** The expected revision did not hold: someone else wrote first. HTTP maps it to 409. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or -1 when it has no event. */
    readonly actual: number,
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual < 0 ? 'no_stream' : actual}`);
  }
}

/**
 * The store cannot do it now (locked past a short bound, read-only, unreachable, closed...), as
 * opposed to a conflict. The HTTP layer maps every `StoreUnavailableError` to 503.
 */
export class EventStoreUnavailableError extends StoreUnavailableError {
  override readonly name: string = 'EventStoreUnavailableError';
  constructor(message: string, options?: StoreUnavailableOptions) {
    super('events', message, options);
  }
}
