/**
 * The embedded ReadStore (design §2): one SQLite file, better-sqlite3, WAL.
 *
 * A batch's rows and its checkpoint are written in one transaction, so every event is applied
 * exactly once whatever happens to the process. `synchronous=NORMAL` is enough here: in WAL mode
 * it never corrupts the file nor splits a transaction; a power loss may only forget the last
 * committed batches, rows and checkpoint together, and read models are rebuildable from the log,
 * which the projection then simply re-applies.
 *
 * mingo evaluates filters, sort and update operators; SQLite stores JSON text and narrows `find`
 * with indexes (sqlite-pushdown.ts).
 *
 * The projector and the partner APIs may share the file from several processes, and an operator's
 * shell or a backup may hold its lock. No wait for a lock blocks the thread serving requests: the
 * connection runs with `busy_timeout = 0`, and a statement that finds the file locked is tried
 * again on timers for at most `busyTimeoutMs` (1 s, `../sqlite-busy.ts`), then fails with
 * ReadStoreUnavailableError, as does anything else that means the store cannot do it now
 * (read-only file, I/O error, disk full, closed). In WAL mode readers are not blocked by a
 * writer: queries go on while another process holds the write lock. `probe()` says whether the
 * store answers reads, and takes writes, now (`../sqlite-probe.ts`).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { filterQuery } from './filter-query.js';
import { assertCheckpoint, assertCollectionName, selectCollections } from './names.js';
import {
  ReadStoreUnavailableError,
  type Checkpoint,
  type Doc,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type ReadStore,
  type WriteOp,
} from './port.js';
import { ProbeCache } from '../probe-cache.js';
import { BUSY_WAIT_MS, runRetryingBusy } from '../sqlite-busy.js';
import { probeSqlite } from '../sqlite-probe.js';
import { asUnavailable } from '../sqlite-unavailable.js';
import { applyOps } from './sqlite-batch.js';
import { exactOnId } from './sqlite-pushdown.js';
import { SqliteCollections } from './sqlite-tables.js';

export interface SqliteReadStoreOptions {
  file: string;
  /**
   * How long an operation waits, in all, for a lock another connection holds before it fails with
   * ReadStoreUnavailableError (never blocking the thread). Default 1000.
   */
  busyTimeoutMs?: number;
  /** How long `probe()` keeps its answer. Default 1500. */
  probeCacheMs?: number;
}

export function openSqliteReadStore(options: SqliteReadStoreOptions): ReadStore {
  const { file, busyTimeoutMs = BUSY_WAIT_MS, probeCacheMs } = options;
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('busy_timeout = 0'); // never sleep on this thread: see the header
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoint the WAL into the file every 4,000 pages (16 MB) rather than SQLite's 1,000: each
  // checkpoint syncs both files, and at 1,000 they took about a sixth of a rebuild's time.
  db.pragma('wal_autocheckpoint = 4000');
  db.exec(
    'CREATE TABLE IF NOT EXISTS _checkpoints (name TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL, updated_at TEXT NOT NULL)',
  );

  const collections = new SqliteCollections(db);
  const readPosition = db.prepare<[string], { position: number }>('SELECT position FROM _checkpoints WHERE name = ?');
  const writePosition = db.prepare<[string, number, string]>(
    'INSERT INTO _checkpoints (name, position, updated_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
  );
  const position = (name: string): number => readPosition.get(name)?.position ?? 0;

  const applyBatch = db.transaction((ops: readonly WriteOp[], checkpoint: { name: string; position: number }) => {
    if (checkpoint.position <= position(checkpoint.name)) return;
    applyOps(collections, ops);
    writePosition.run(checkpoint.name, checkpoint.position, new Date().toISOString());
  });

  let closed = false;
  const closedError = () => new ReadStoreUnavailableError(`read store ${file} is closed`, { reason: 'closed' });
  /** "The database is locked / read-only / closed..." as ReadStoreUnavailableError; anything else as it is. */
  const translate = (error: unknown): unknown =>
    error instanceof ReadStoreUnavailableError
      ? error
      : asUnavailable(
          error,
          `read store ${file}`,
          (message, details) => new ReadStoreUnavailableError(message, details),
        );
  /** Runs statements now; if the file is locked, again on timers for up to `busyTimeoutMs` (sqlite-busy.ts). */
  function guarded<T>(work: () => T): T | Promise<T> {
    const attempt = () => {
      if (closed) throw closedError();
      return work();
    };
    return runRetryingBusy(attempt, busyTimeoutMs, translate);
  }

  const probes = new ProbeCache<'read' | 'write'>(probeCacheMs);
  const probe = async (mode: 'read' | 'write'): Promise<void> => {
    const failure = await probeSqlite(db, file, mode);
    if (closed) throw closedError();
    if (failure)
      throw new ReadStoreUnavailableError(`read store ${file}: ${failure.detail}`, {
        reason: failure.reason,
        cause: failure.cause,
      });
  };

  function select<T extends Doc>(collection: string, filter: Filter, options: FindOptions = {}): T[] {
    assertCollectionName(collection);
    const noSort = !options.sort || Object.keys(options.sort).length === 0;
    if (noSort && exactOnId(filter)) {
      // SQL alone answers exactly (the usual `_id` lookups and `_id` ranges): no mingo pass.
      const docs =
        typeof filter._id === 'string'
          ? byId<T>(collection, filter._id)
          : collections.candidates(collection, filter).map((row) => JSON.parse(row.doc) as T);
      const from = options.skip ?? 0;
      return options.limit ? docs.slice(from, from + options.limit) : from > 0 ? docs.slice(from) : docs;
    }
    const docs = collections.candidates(collection, filter).map((row) => JSON.parse(row.doc) as T);
    // A compiled Query rather than mingo's `find()`, which copies its operator tables per call.
    let cursor = filterQuery(filter).find<T>(docs);
    if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all();
  }

  function byId<T extends Doc>(collection: string, id: string): T[] {
    if (!collections.exists(collection)) return [];
    const row = collections.statements(collection).get.get(id);
    return row ? [JSON.parse(row.doc) as T] : [];
  }

  return {
    kind: 'sqlite',

    async applyBatch(ops, checkpoint) {
      assertCheckpoint(checkpoint);
      return guarded(() => {
        try {
          // IMMEDIATE: take the write lock up front, so two writer processes queue, never deadlock;
          // a locked file fails here, before anything is done, and the attempt can be made again.
          applyBatch.immediate(ops, checkpoint);
        } catch (error) {
          collections.forget();
          throw error;
        }
      });
    },

    async checkpoint(name) {
      return guarded(() => position(name));
    },

    async checkpoints(): Promise<Checkpoint[]> {
      return guarded(() =>
        db.prepare<[], Checkpoint>('SELECT name, position, updated_at FROM _checkpoints ORDER BY name').all(),
      );
    },

    async deleteCheckpoint(name) {
      return guarded(() => {
        db.prepare('DELETE FROM _checkpoints WHERE name = ?').run(name);
      });
    },

    async find<T extends Doc = Doc>(collection: string, filter: Filter = {}, options?: FindOptions) {
      return guarded(() => select<T>(collection, filter, options));
    },

    async findOne<T extends Doc = Doc>(collection: string, filter: Filter) {
      return guarded(() => select<T>(collection, filter, { limit: 1 })[0] ?? null);
    },

    async count(collection, filter = {}) {
      assertCollectionName(collection);
      return guarded(() =>
        Object.keys(filter).length === 0 ? collections.count(collection) : select(collection, filter).length,
      );
    },

    async ensureIndexes(collection: string, indexes: readonly IndexSpec[]) {
      return guarded(() => collections.createIndexes(collection, indexes));
    },

    async listCollections(prefix) {
      return guarded(() => selectCollections(collections.names(), prefix));
    },

    async dropCollection(collection) {
      return guarded(() => collections.drop(collection));
    },

    probe(mode = 'write') {
      if (closed) return Promise.reject(closedError());
      return probes.check(mode, () => probe(mode));
    },

    async close() {
      closed = true;
      if (db.open) db.close();
    },
  };
}
