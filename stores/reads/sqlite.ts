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
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { filterQuery } from './filter-query.js';
import { assertCheckpoint, assertCollectionName, selectCollections } from './names.js';
import type { Checkpoint, Doc, Filter, FindOptions, IndexSpec, ReadStore, WriteOp } from './port.js';
import { applyOps } from './sqlite-batch.js';
import { exactOnId } from './sqlite-pushdown.js';
import { SqliteCollections } from './sqlite-tables.js';

export function openSqliteReadStore(options: { file: string }): ReadStore {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoint the WAL into the file every 4,000 pages (16 MB) rather than SQLite's 1,000: each
  // checkpoint syncs both files, and at 1,000 they took about a sixth of a rebuild's time.
  db.pragma('wal_autocheckpoint = 4000');
  // Projector and partner APIs may share the file from several processes.
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS _checkpoints (name TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL, updated_at TEXT NOT NULL)');

  const collections = new SqliteCollections(db);
  const readPosition = db.prepare<[string], { position: number }>('SELECT position FROM _checkpoints WHERE name = ?');
  const writePosition = db.prepare<[string, number, string]>(
    'INSERT INTO _checkpoints (name, position, updated_at) VALUES (?, ?, ?) '
    + 'ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
  );
  const position = (name: string): number => readPosition.get(name)?.position ?? 0;

  const applyBatch = db.transaction((ops: readonly WriteOp[], checkpoint: { name: string; position: number }) => {
    if (checkpoint.position <= position(checkpoint.name)) return;
    applyOps(collections, ops);
    writePosition.run(checkpoint.name, checkpoint.position, new Date().toISOString());
  });

  function select<T extends Doc>(collection: string, filter: Filter, options: FindOptions = {}): T[] {
    assertCollectionName(collection);
    const noSort = !options.sort || Object.keys(options.sort).length === 0;
    if (noSort && exactOnId(filter)) {
      // SQL alone answers exactly (the usual `_id` lookups and `_id` ranges): no mingo pass.
      const docs = typeof filter._id === 'string' ? byId<T>(collection, filter._id) : collections.candidates(collection, filter).map((row) => JSON.parse(row.doc) as T);
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
      try {
        // IMMEDIATE: take the write lock up front, so two writer processes queue, never deadlock.
        applyBatch.immediate(ops, checkpoint);
      } catch (error) {
        collections.forget();
        throw error;
      }
    },

    async checkpoint(name) {
      return position(name);
    },

    async checkpoints(): Promise<Checkpoint[]> {
      return db.prepare<[], Checkpoint>('SELECT name, position, updated_at FROM _checkpoints ORDER BY name').all();
    },

    async deleteCheckpoint(name) {
      db.prepare('DELETE FROM _checkpoints WHERE name = ?').run(name);
    },

    async find<T extends Doc = Doc>(collection: string, filter: Filter = {}, options?: FindOptions) {
      return select<T>(collection, filter, options);
    },

    async findOne<T extends Doc = Doc>(collection: string, filter: Filter) {
      return select<T>(collection, filter, { limit: 1 })[0] ?? null;
    },

    async count(collection, filter = {}) {
      assertCollectionName(collection);
      if (Object.keys(filter).length === 0) return collections.count(collection);
      return select(collection, filter).length;
    },

    async ensureIndexes(collection: string, indexes: readonly IndexSpec[]) {
      collections.createIndexes(collection, indexes);
    },

    async listCollections(prefix) {
      return selectCollections(collections.names(), prefix);
    },

    async dropCollection(collection) {
      collections.drop(collection);
    },

    async close() {
      if (db.open) db.close();
    },
  };
}
