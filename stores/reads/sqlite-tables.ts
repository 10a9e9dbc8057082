/**
 * The SQLite layout of the embedded read store: one table per collection, `coll_<name>(_id, doc)`
 * with the document as JSON text, and expression indexes on `json_extract(doc, '$.field')`.
 *
 * Tables carry a `coll_` prefix so that no collection name can collide with `_checkpoints` or
 * with SQLite's reserved `sqlite_` names. Prepared statements are cached per collection.
 */
import type Database from 'better-sqlite3';
import { assertCollectionName } from './names.js';
import type { IndexSpec } from './port.js';
import { arrayTest, fieldExpression, pushdown } from './sqlite-pushdown.js';
import type { Filter } from './port.js';

type Db = Database.Database;
type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

export interface StoredRow {
  _id: string;
  doc: string;
}

export interface CollectionStatements {
  get: Statement<[string], { doc: string }>;
  put: Statement<[string, string]>;
  remove: Statement<[string]>;
}

const TABLE_PREFIX = 'coll_';
const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Reads back the leading field of the indexes written by `indexDdl`. */
const LEADING_FIELD = / ON "[^"]+" \(json_extract\(doc, '\$\.([A-Za-z_][A-Za-z0-9_]*)'\)/;
const MAX_CACHED_QUERIES = 200;

export function tableName(collection: string): string {
  return TABLE_PREFIX + collection;
}

export function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

export class SqliteCollections {
  private readonly known = new Set<string>();
  private readonly statementsBy = new Map<string, CollectionStatements>();
  private readonly indexedBy = new Map<string, ReadonlySet<string>>();
  private readonly queries = new Map<string, Statement<Array<string | number>, StoredRow>>();
  private readonly tableExists: Statement<[string], unknown>;

  constructor(private readonly db: Db) {
    this.tableExists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  }

  exists(collection: string): boolean {
    assertCollectionName(collection);
    if (this.known.has(collection)) return true;
    if (this.tableExists.get(tableName(collection)) === undefined) return false;
    this.known.add(collection);
    return true;
  }

  create(collection: string): void {
    if (this.exists(collection)) return;
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoted(tableName(collection))} (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`,
    );
    this.known.add(collection);
  }

  /** Point statements by `_id`; the table must exist. */
  statements(collection: string): CollectionStatements {
    let statements = this.statementsBy.get(collection);
    if (statements) return statements;
    const table = quoted(tableName(collection));
    statements = {
      get: this.db.prepare<[string], { doc: string }>(`SELECT doc FROM ${table} WHERE _id = ?`),
      put: this.db.prepare<[string, string]>(
        `INSERT INTO ${table} (_id, doc) VALUES (?, ?) ON CONFLICT (_id) DO UPDATE SET doc = excluded.doc`,
      ),
      remove: this.db.prepare<[string]>(`DELETE FROM ${table} WHERE _id = ?`),
    };
    this.statementsBy.set(collection, statements);
    return statements;
  }

  /** Rows that MAY match `filter` (a superset; see sqlite-pushdown.ts), in table order. */
  candidates(collection: string, filter: Filter): StoredRow[] {
    if (!this.exists(collection)) return [];
    const table = quoted(tableName(collection));
    const { where, params } = pushdown(filter, this.indexedFields(collection), table);
    return this.query(`SELECT _id, doc FROM ${table} WHERE ${where}`).all(...params);
  }

  count(collection: string): number {
    if (!this.exists(collection)) return 0;
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM ${quoted(tableName(collection))}`).get() as { n: number };
    return row.n;
  }

  /** Top-level fields that lead an index, the ones `pushdown` may use. */
  indexedFields(collection: string): ReadonlySet<string> {
    let fields = this.indexedBy.get(collection);
    if (fields) return fields;
    const rows = this.db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(tableName(collection)) as Array<{ sql: string }>;
    fields = new Set(rows.map((row) => LEADING_FIELD.exec(row.sql)?.[1]).filter((field) => field !== undefined));
    this.indexedBy.set(collection, fields);
    return fields;
  }

  createIndexes(collection: string, indexes: readonly IndexSpec[]): void {
    const statements = indexes.flatMap((spec) => indexDdl(collection, spec));
    try {
      this.db
        .transaction(() => {
          this.create(collection);
          for (const statement of statements) this.db.exec(statement);
        })
        .immediate();
    } finally {
      this.forget();
    }
  }

  drop(collection: string): void {
    assertCollectionName(collection);
    this.db.exec(`DROP TABLE IF EXISTS ${quoted(tableName(collection))}`);
    this.known.delete(collection);
    this.statementsBy.delete(collection);
    this.indexedBy.delete(collection);
    this.queries.clear();
  }

  /** Forgets every cached fact: after a rollback, a table created in the batch no longer exists. */
  forget(): void {
    this.known.clear();
    this.statementsBy.clear();
    this.indexedBy.clear();
    this.queries.clear();
  }

  names(): string[] {
    const rows = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'coll\\_%' ESCAPE '\\'")
      .all() as Array<{ name: string }>;
    return rows.map((row) => row.name.slice(TABLE_PREFIX.length));
  }

  private query(sql: string): Statement<Array<string | number>, StoredRow> {
    let statement = this.queries.get(sql);
    if (!statement) {
      if (this.queries.size >= MAX_CACHED_QUERIES) this.queries.clear();
      statement = this.db.prepare<Array<string | number>, StoredRow>(sql);
      this.queries.set(sql, statement);
    }
    return statement;
  }
}

/**
 * `CREATE INDEX IF NOT EXISTS` for one spec, plus, for a top-level leading field, the partial
 * index of documents where that field is an array (pushdown ORs it in; see sqlite-pushdown.ts).
 * Index names are `ix:<collection>:<name>`: SQLite index names are global, and `:` cannot occur in
 * a collection name. Like MongoDB's own default, the name is derived from the keys when missing.
 */
export function indexDdl(collection: string, spec: IndexSpec): string[] {
  assertCollectionName(collection);
  const keys = Object.entries(spec.keys);
  if (keys.length === 0) throw new TypeError(`index on ${collection} has no keys`);
  const table = quoted(tableName(collection));
  const columns = keys.map(([field, direction]) => `${column(field)} ${direction === -1 ? 'DESC' : 'ASC'}`);
  const name = spec.name ?? keys.map(([field, direction]) => `${field}_${direction}`).join('_');
  const ddl = [
    `CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quoted(`ix:${collection}:${name}`)} ON ${table} (${columns.join(', ')})`,
  ];
  const leading = keys[0]![0];
  if (leading !== '_id' && !leading.includes('.')) {
    ddl.push(
      `CREATE INDEX IF NOT EXISTS ${quoted(`ix:${collection}:${leading}:arrays`)} ON ${table} (_id) WHERE ${arrayTest(leading)}`,
    );
  }
  return ddl;
}

function column(field: string): string {
  if (field === '_id') return '_id';
  if (!field.split('.').every((segment) => FIELD_SEGMENT.test(segment))) {
    throw new TypeError(`cannot index field ${JSON.stringify(field)}: expected dotted [A-Za-z_][A-Za-z0-9_]* names`);
  }
  return fieldExpression(field);
}
