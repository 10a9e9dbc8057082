/**
 * The embedded EventStore adapter: one SQLite file (better-sqlite3), the default when no ESDB_URL.
 *
 * The log is the system of record, so the file runs with `synchronous=FULL` in WAL mode: a commit
 * is on disk before `append` resolves. Several processes may open the same file; SQLite serialises
 * their writes (`BEGIN IMMEDIATE`), see `sqlite-subscription.ts` for why this gives one gap-free
 * global order. Concurrent appends share one transaction and one fsync, committed by a writer
 * thread under load so that the thread serving requests never waits for the disk
 * (`sqlite-appender.ts`). Subscriptions at the head share each event, parsed once and frozen
 * (`sqlite-tail-cache.ts`).
 *
 * No wait for a lock blocks the thread serving requests: its connection runs with
 * `busy_timeout = 0` and a locked read is tried again on timers (`../sqlite-busy.ts`); an append
 * that finds the file locked waits on the writer thread. Either way for at most `busyTimeoutMs`
 * (1 s), then it fails with EventStoreUnavailableError, as does anything else that means the store
 * cannot do it now (read-only or immutable file, I/O error, disk full, closed). In WAL mode
 * readers are not blocked by a writer, so reads go on while another process holds the write lock.
 * `probe()` says whether the store takes writes now (`../sqlite-probe.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { EventStoreUnavailableError, WrongExpectedRevisionError, type EventStore, type StoredEvent } from './port.js';
import { announceAppend, appendGeneration, subscribeToLog } from './sqlite-subscription.js';
import { SqliteAppender } from './sqlite-appender.js';
import { TailCache } from './sqlite-tail-cache.js';
import { scanOnThread } from './sqlite-scan.js';
import { scanPages } from './scan-pages.js';
import { ProbeCache } from '../probe-cache.js';
import { BUSY_WAIT_MS, runRetryingBusy } from '../sqlite-busy.js';
import { probeSqlite } from '../sqlite-probe.js';
import { asUnavailable } from '../sqlite-unavailable.js';

export interface SqliteEventStoreOptions {
  file: string;
  /** How often a caught-up subscription looks for appends made by other processes. Default 100. */
  pollIntervalMs?: number;
  /**
   * How long an operation waits, in all, for a lock another connection holds before it fails with
   * EventStoreUnavailableError (never blocking the thread that called it). Default 1000.
   */
  busyTimeoutMs?: number;
  /** How long `probe()` keeps its answer. Default 1500. */
  probeCacheMs?: number;
  /** A `scan` of at least this many positions reads on a reader thread. Default 20,000. */
  scanThreadMinEvents?: number;
}

/** The one table of the log (exported so that the bench's raw baseline uses the very same table). */
export const EVENTS_TABLE_SQL = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT    NOT NULL UNIQUE,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream, revision)
  )`;

interface EventRow {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const COLUMNS = 'position, event_id, stream, revision, type, data, metadata, recorded_at';
const HEAD_FRESH_MS = 2;

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as StoredEvent['metadata'],
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    recorded_at: row.recorded_at,
  };
}

export function openSqliteEventStore(options: SqliteEventStoreOptions): EventStore {
  const {
    file,
    pollIntervalMs = 100,
    busyTimeoutMs = BUSY_WAIT_MS,
    scanThreadMinEvents = 20_000,
    probeCacheMs,
  } = options;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('busy_timeout = 0'); // never sleep on this thread: see the header
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENTS_TABLE_SQL);
  const realFile = fs.realpathSync(file);

  const statements = {
    readStream: db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readAll: db.prepare<[number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    head: db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events'),
  };
  // Writes go through the appender, on connections of their own (sqlite-appender.ts).
  const appender = new SqliteAppender({
    file,
    busyTimeoutMs,
    tableSql: EVENTS_TABLE_SQL,
    onAppended: () => announceAppend(realFile),
  });

  const closing = new AbortController();
  let closed: Promise<void> | undefined;

  const closedError = () => new EventStoreUnavailableError(`event store ${file} is closed`, { reason: 'closed' });
  /** "The database is locked / read-only / closed..." as EventStoreUnavailableError; anything else as it is. */
  const translate = (error: unknown): unknown =>
    error instanceof WrongExpectedRevisionError || error instanceof EventStoreUnavailableError
      ? error
      : asUnavailable(
          error,
          `event store ${file}`,
          (message, details) => new EventStoreUnavailableError(message, details),
        );
  /** Runs a statement now; if the file is locked, again on timers for up to `busyTimeoutMs` (sqlite-busy.ts). */
  function guarded<T>(work: () => T): T | Promise<T> {
    const attempt = () => {
      if (closing.signal.aborted) throw closedError();
      return work();
    };
    return runRetryingBusy(attempt, busyTimeoutMs, translate);
  }

  /** A page straight from SQLite: new objects, the caller's own. */
  const readFresh = (after: number, limit: number): StoredEvent[] | Promise<StoredEvent[]> =>
    guarded(() => statements.readAll.all(after, limit).map(toStoredEvent));

  // The projections' subscriptions (nine) all follow the head: each new page is read and parsed
  // once, then shared, frozen, by every subscription of this store (sqlite-tail-cache.ts).
  const tail = new TailCache();
  // Where SQLite last said the log ends: a subscription asking again at once, with no append
  // announced in this process since, hears "nothing newer" without a query (every subscription
  // wakes on each append). An append by another process shows at most HEAD_FRESH_MS later.
  let end = { position: -1, generation: -1, at: 0 };
  const readShared = (after: number, limit: number): StoredEvent[] | Promise<StoredEvent[]> =>
    guarded(() => {
      const cached = tail.read(after, limit);
      if (cached && cached.length >= limit) return cached;
      const known = cached?.length ?? 0;
      const from = known > 0 ? cached![known - 1]!.position : after;
      const generation = appendGeneration(realFile);
      const now = performance.now();
      if (from === end.position && generation === end.generation && now - end.at < HEAD_FRESH_MS) return cached ?? [];
      const want = limit - known;
      const fresh = tail.remember(from, statements.readAll.all(from, want).map(toStoredEvent));
      if (fresh.length < want) end = { position: fresh.at(-1)?.position ?? from, generation, at: now };
      return known > 0 ? cached!.concat(fresh) : fresh;
    });

  const probes = new ProbeCache<'write'>(probeCacheMs);
  const probeWrites = async (): Promise<void> => {
    const failure = await probeSqlite(db, file, 'write');
    if (closing.signal.aborted) throw closedError();
    if (failure)
      throw new EventStoreUnavailableError(`event store ${file}: ${failure.detail}`, {
        reason: failure.reason,
        cause: failure.cause,
      });
  };

  return {
    kind: 'sqlite',

    append(stream, events, { expectedRevision = 'any' } = {}) {
      if (closing.signal.aborted) return Promise.reject(closedError());
      return appender.append(stream, events, expectedRevision);
    },

    async readStream(stream, { fromRevision = 0, limit = -1 } = {}) {
      return guarded(() => statements.readStream.all(stream, fromRevision, limit).map(toStoredEvent));
    },

    async readAll({ after = 0, limit = 1000 } = {}) {
      return readFresh(after, limit);
    },

    scan(scanOptions) {
      if (scanOptions.upTo - scanOptions.after < scanThreadMinEvents) {
        return scanPages(async ({ after, limit }) => readFresh(after, limit), scanOptions);
      }
      return scanOnThread({ file, busyTimeoutMs, closing: closing.signal }, scanOptions);
    },

    async headPosition() {
      return guarded(() => statements.head.get()?.head ?? 0);
    },

    subscribe(subscribeOptions) {
      return subscribeToLog(
        { file: realFile, pollIntervalMs, closing: closing.signal, readPage: readShared },
        subscribeOptions,
      );
    },

    probe() {
      if (closing.signal.aborted) return Promise.reject(closedError());
      return probes.check('write', probeWrites);
    },

    close() {
      // Every call, the second one too, resolves only once what was asked before it is written.
      return (closed ??= (async () => {
        closing.abort();
        await appender.close(); // what was asked for before close() is written
        db.close();
      })());
    },
  };
}
