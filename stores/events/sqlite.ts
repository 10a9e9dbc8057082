/**
 * The embedded EventStore adapter: one SQLite file (better-sqlite3), the default when no ESDB_URL.
 *
 * The log is the system of record, so the file runs with `synchronous=FULL` in WAL mode: a commit
 * is on disk before `append` resolves. Several processes may open the same file; SQLite serialises
 * their writes (`BEGIN IMMEDIATE` + `busy_timeout`), see `sqlite-subscription.ts` for why this gives
 * one gap-free global order.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type StoredEvent,
} from './port.js';
import { distinctById, holds } from './append-rules.js';
import { announceAppend, subscribeToLog } from './sqlite-subscription.js';

export interface SqliteEventStoreOptions {
  file: string;
  /** How often a caught-up subscription looks for appends made by other processes. Default 100. */
  pollIntervalMs?: number;
  /** How long a write waits for another process's write lock before failing. Default 5000. */
  busyTimeoutMs?: number;
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
  const { file, pollIntervalMs = 100, busyTimeoutMs = 5000 } = options;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENTS_TABLE_SQL);
  const realFile = fs.realpathSync(file);

  const statements = {
    storedById: db.prepare<[string], { position: number }>('SELECT position FROM events WHERE event_id = ?'),
    streamTail: db.prepare<[string], { revision: number; position: number }>(
      'SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    ),
    insert: db.prepare<[string, string, number, string, string, string, string]>(
      'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    readStream: db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readAll: db.prepare<[number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    head: db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events'),
  };

  const appendInTransaction = db.transaction(
    (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult => {
      // Idempotency: drop the events already stored (under any stream: an id is stored once).
      const fresh: NewEvent[] = [];
      let lastStoredPosition = 0;
      for (const event of distinctById(events)) {
        const stored = statements.storedById.get(event.id);
        if (stored) lastStoredPosition = Math.max(lastStoredPosition, stored.position);
        else fresh.push(event);
      }
      const tail = statements.streamTail.get(stream);
      const actual = tail ? tail.revision : -1;
      if (fresh.length === 0) {
        return { nextRevision: actual, position: lastStoredPosition || (tail?.position ?? 0), appended: 0 };
      }
      if (!holds(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);

      const recordedAt = new Date().toISOString();
      let revision = actual;
      let position = 0;
      for (const event of fresh) {
        revision += 1;
        const { lastInsertRowid } = statements.insert.run(
          event.id,
          stream,
          revision,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          recordedAt,
        );
        position = Number(lastInsertRowid);
      }
      return { nextRevision: revision, position, appended: fresh.length };
    },
  );

  const closing = new AbortController();

  /** Runs a statement, turning "the database is locked / closed" into EventStoreUnavailableError. */
  function guarded<T>(work: () => T): T {
    if (closing.signal.aborted) throw new EventStoreUnavailableError(`event store ${file} is closed`);
    try {
      return work();
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw error;
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN)/.test(code)) {
        throw new EventStoreUnavailableError(`event store ${file}: ${code}`, { cause: error });
      }
      throw error;
    }
  }

  const readPage = (after: number, limit: number): StoredEvent[] =>
    guarded(() => statements.readAll.all(after, limit).map(toStoredEvent));

  return {
    kind: 'sqlite',

    async append(stream, events, { expectedRevision = 'any' } = {}) {
      const result = guarded(() => appendInTransaction.immediate(stream, events, expectedRevision));
      if (result.appended > 0) announceAppend(realFile);
      return result;
    },

    async readStream(stream, { fromRevision = 0, limit = -1 } = {}) {
      return guarded(() => statements.readStream.all(stream, fromRevision, limit).map(toStoredEvent));
    },

    async readAll({ after = 0, limit = 1000 } = {}) {
      return readPage(after, limit);
    },

    async headPosition() {
      return guarded(() => statements.head.get()?.head ?? 0);
    },

    subscribe(subscribeOptions) {
      return subscribeToLog({ file: realFile, pollIntervalMs, closing: closing.signal, readPage }, subscribeOptions);
    },

    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      db.close();
    },
  };
}
