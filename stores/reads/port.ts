/**
 * The ReadStore port (design §2): document collections for read models, written in batches
 * together with the projection's checkpoint, atomically, and queried with Mongo filters.
 *
 * Adapters: `sqlite.ts` (embedded default; mingo evaluates filters and update operators) and
 * `mongodb.ts` (official driver), chosen by `open.ts` from the `MONGO_URL` setting.
 * Every adapter passes `conformance.ts`. A store that cannot do something now (locked past a
 * short bound, read-only, unreachable, closed) throws `ReadStoreUnavailableError`.
 */
import { StoreUnavailableError, type StoreUnavailableOptions } from '../unavailable.js';

/** A document: plain JSON (no Date, no ObjectId) with a string `_id`. */
export interface Doc {
  _id: string;
  [field: string]: unknown;
}

/** A Mongo query filter (`{status: 'open', due_date: {$lt: '2026-01-01'}}`). */
export type Filter = Record<string, unknown>;

/**
 * Mongo update operators supported by every adapter. Paths may be dotted (`'totals.seconds'`), so
 * field names never contain dots; positional paths (`a.$`, `a.$[]`) are not supported. As on MongoDB, an update that touches one path twice (`$set` and `$inc` on `n`), `$inc`
 * on a non-number, or `$addToSet`/`$pull` on a non-array fails, and with it the whole batch.
 */
export interface UpdateDoc {
  $set?: Record<string, unknown>;
  $setOnInsert?: Record<string, unknown>;
  $unset?: Record<string, '' | 1 | true>;
  $inc?: Record<string, number>;
  $max?: Record<string, unknown>;
  $min?: Record<string, unknown>;
  $addToSet?: Record<string, unknown>;
  $pull?: Record<string, unknown>;
}

/**
 * One write of a batch. Filters naming an `_id` are the fast path; other filters are allowed
 * (slower on the embedded store). `multi` updates or deletes every match, else the first one.
 * An upsert that matches nothing inserts the filter's equality fields plus the update, with
 * `$setOnInsert`; when the filter names no `_id`, the new document gets a random UUID.
 */
export type WriteOp =
  | { kind: 'update'; collection: string; filter: Filter; update: UpdateDoc; upsert?: boolean; multi?: boolean }
  | { kind: 'delete'; collection: string; filter: Filter; multi?: boolean };

export interface IndexSpec {
  /** Fields in order, 1 ascending, -1 descending. */
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  name?: string;
}

/** Without `sort`, the order of results is unspecified. */
export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

/** Where a projection is in the log: the position of the last event it applied. */
export interface Checkpoint {
  name: string;
  position: number;
  updated_at: string;
}

export interface ReadStore {
  readonly kind: 'sqlite' | 'mongodb';

  /**
   * Applies the ops in order and moves the checkpoint `name` to `position`, all or nothing.
   * A batch whose position is not greater than the stored checkpoint changes nothing
   * (so that re-applying a batch after a crash is harmless).
   */
  applyBatch(ops: readonly WriteOp[], checkpoint: { name: string; position: number }): Promise<void>;

  /** The stored checkpoint position (0 when the projection never ran). */
  checkpoint(name: string): Promise<number>;

  /** Every stored checkpoint. */
  checkpoints(): Promise<Checkpoint[]>;

  /** Removes a checkpoint (used with `dropCollection` when a projection is rebuilt). */
  deleteCheckpoint(name: string): Promise<void>;

  find<T extends Doc = Doc>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne<T extends Doc = Doc>(collection: string, filter: Filter): Promise<T | null>;
  count(collection: string, filter?: Filter): Promise<number>;

  /**
   * Creates the indexes if they are missing (idempotent; an existing index of the same name is
   * kept as it is). On the embedded store, an index whose first key is a top-level field also
   * lets `find` narrow its scan on that field.
   */
  ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void>;

  /** Collection names (`[a-z0-9_]+`), sorted, optionally only those starting with `prefix`. */
  listCollections(prefix?: string): Promise<string[]>;
  dropCollection(collection: string): Promise<void>;

  /**
   * Whether the store answers reads now (`'read'`), and takes writes too (`'write'`, the default:
   * what the projector needs), for health checks: resolves, or throws ReadStoreUnavailableError
   * with the reason. Answers in milliseconds also while another connection holds a lock; each
   * mode's answer is kept for about 1.5 s, so polling it costs the store nothing.
   */
  probe(mode?: 'read' | 'write'): Promise<void>;

  close(): Promise<void>;
}

/** The store cannot do it now (see `StoreUnavailableError`). The HTTP layer maps it to 503. */
export class ReadStoreUnavailableError extends StoreUnavailableError {
  override readonly name: string = 'ReadStoreUnavailableError';
  constructor(message: string, options?: StoreUnavailableOptions) {
    super('reads', message, options);
  }
}
