/**
 * The write half of the embedded log: appends, in groups, on a connection of its own, each group
 * one transaction and one fsync (`synchronous=FULL`: a commit is on disk before `append`
 * resolves). `sqlite-appender.ts` runs it on the caller's thread for a lone append, and in the
 * writer thread (`sqlite-writer-thread.ts`) under load, so that the fsync never holds up the
 * thread that serves requests.
 *
 * Each append of a group succeeds or fails on its own: its one refusal (a wrong expected
 * revision) is decided before it writes anything, so the others commit. (No savepoint per append:
 * in WAL mode one costs ~20% of a 100-event append.) Appends apply in the order given, so each
 * sees those before it (expected revisions, ids). Any other error rolls the whole group back; the
 * group is then committed again with a savepoint per append, so that an append SQLite refuses on
 * its own account fails alone (a failure of the store itself still fails the whole group).
 * Everything crossing the thread boundary is plain data (`sqlite-wire.ts`).
 *
 * The connection never waits for a lock itself (`busy_timeout = 0`): a commit that finds the file
 * locked throws SQLITE_BUSY at once, having written nothing, and the caller decides how long to
 * try again (the appender hands it to the writer thread, which tries for about a second).
 */
import Database from 'better-sqlite3';
import { distinctById, holds } from './append-rules.js';
import { WrongExpectedRevisionError, type AppendResult } from './port.js';
import { toWireError, type EncodedEvent, type WireAppend, type WireOutcome } from './sqlite-wire.js';

/** A failure of the store itself (not of one append): it fails every append of the group. */
function storeWide(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|NOMEM|CORRUPT|NOTADB|READONLY|PROTOCOL|INTERRUPT|ABORT)/.test(code)
  );
}

export interface LogWriter {
  /** Writes the group in one transaction; throws when the group as a whole failed. */
  commit(group: readonly WireAppend[]): WireOutcome[];
  /** Changes whenever another connection commits (`PRAGMA data_version`): tells a lock changing hands from one held still. */
  dataVersion(): number;
  close(): void;
}

export function openLogWriter(file: string, tableSql: string): LogWriter {
  const db = new Database(file);
  db.pragma('busy_timeout = 0'); // the caller tries again: see the header
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(tableSql);

  const storedById = db.prepare<[string], { position: number }>('SELECT position FROM events WHERE event_id = ?');
  const streamTail = db.prepare<[string], { revision: number; position: number }>(
    'SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
  );
  const insert = db.prepare<[string, string, number, string, string, string, string]>(
    'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  /** One append, inside the group's transaction. A refusal is decided before anything is written. */
  const append = ({ stream, events, expected }: WireAppend): AppendResult => {
    // Idempotency: drop the events already stored (under any stream: an id is stored once).
    const fresh: EncodedEvent[] = [];
    let lastStoredPosition = 0;
    for (const event of distinctById(events)) {
      const stored = storedById.get(event.id);
      if (stored) lastStoredPosition = Math.max(lastStoredPosition, stored.position);
      else fresh.push(event);
    }
    const tail = streamTail.get(stream);
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
      position = Number(
        insert.run(event.id, stream, revision, event.type, event.data, event.metadata, recordedAt).lastInsertRowid,
      );
    }
    return { nextRevision: revision, position, appended: fresh.length };
  };

  const commitGroup = db.transaction((group: readonly WireAppend[]) =>
    group.map((request): WireOutcome => {
      try {
        return { ok: true, value: append(request) };
      } catch (error) {
        // A refused append wrote nothing: the others go on. Anything else fails the whole group.
        if (error instanceof WrongExpectedRevisionError) return { ok: false, error: toWireError(error) };
        throw error;
      }
    }),
  );

  // The slow path, taken only when the group as a whole failed: each append under a savepoint of
  // its own (a transaction function called inside another is a SAVEPOINT), so that an append
  // SQLite refuses on its own account (a NOT NULL column, a value it cannot bind) is rolled back
  // and fails alone, and the others of its group still commit.
  const appendAlone = db.transaction(append);
  const commitEachAlone = db.transaction((group: readonly WireAppend[]) =>
    group.map((request): WireOutcome => {
      try {
        return { ok: true, value: appendAlone(request) };
      } catch (error) {
        if (storeWide(error)) throw error;
        return { ok: false, error: toWireError(error) };
      }
    }),
  );

  return {
    commit: (group) => {
      try {
        return commitGroup.immediate(group);
      } catch (error) {
        // Rolled back: nothing of the group was written. Retry it append by append, unless the
        // failure was the store's (busy, I/O, full...), which no append can be spared.
        if (group.length < 2 || storeWide(error)) throw error;
        return commitEachAlone.immediate(group);
      }
    },
    dataVersion: () => db.pragma('data_version', { simple: true }) as number,
    close: () => db.close(),
  };
}
