/**
 * The MongoDB ReadStore (design §2), with the official driver. Filters and update operators pass
 * through unchanged; a batch is a few ordered `bulkWrite`s and the checkpoint update, all inside
 * one transaction (`session.withTransaction`), so MongoDB must run as a replica set
 * (`docker compose up mongodb`: a single-node `rs0`).
 *
 * Checkpoints live in `_atlas.checkpoints`: the dot keeps that name outside the `[a-z0-9_]+`
 * names of read-model collections, so it can neither collide with one nor be listed.
 *
 * A server that cannot be reached (network, no primary, timeout, client closed) fails a batch with
 * ReadStoreUnavailableError, so the projector waits and tries the batch again. `probe()` asks the
 * server `hello` (within 1 s): it must answer for `'read'`, and be the writable primary for
 * `'write'`; the answer is kept 1.5 s (`../probe-cache.ts`).
 */
import { randomUUID } from 'node:crypto';
import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type AnyBulkWriteOperation,
  type Db,
  type Filter as MongoFilter,
  type IndexDescription,
  type UpdateFilter,
} from 'mongodb';
import { assertCheckpoint, assertCollectionName, selectCollections } from './names.js';
import {
  ReadStoreUnavailableError,
  type Checkpoint,
  type Doc,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type ReadStore,
  type UpdateDoc,
  type WriteOp,
} from './port.js';
import { ProbeCache } from '../probe-cache.js';

const CHECKPOINTS = '_atlas.checkpoints';
/** How long the probe's `hello` may take: a health check must answer promptly, also when the server does not. */
const PROBE_DEADLINE_MS = 1000;
const NAMESPACE_NOT_FOUND = 26;

interface CheckpointDoc {
  _id: string;
  position: number;
  updated_at: string;
}

export async function openMongoReadStore(options: {
  url: string;
  dbName?: string;
  probeCacheMs?: number;
}): Promise<ReadStore> {
  const client = new MongoClient(options.url);
  await client.connect();
  const db = client.db(options.dbName ?? databaseIn(options.url) ?? 'atlas');
  const checkpoints = db.collection<CheckpointDoc>(CHECKPOINTS);
  const probes = new ProbeCache<'read' | 'write'>(options.probeCacheMs);
  let closed = false;
  const closedError = () => new ReadStoreUnavailableError('MongoDB read store is closed', { reason: 'closed' });

  return {
    kind: 'mongodb',

    async applyBatch(ops, checkpoint) {
      assertCheckpoint(checkpoint);
      for (const op of ops) assertCollectionName(op.collection);
      const runs = runsByCollection(ops);
      const session = client.startSession();
      try {
        // The callback may run again on a transient error: it re-reads the checkpoint each time.
        await session.withTransaction(
          async () => {
            const stored = await checkpoints.findOne({ _id: checkpoint.name }, { session });
            if (stored && checkpoint.position <= stored.position) return;
            for (const run of runs) {
              await db.collection<Doc>(run.collection).bulkWrite(run.writes, { session, ordered: true });
            }
            await checkpoints.updateOne(
              { _id: checkpoint.name },
              { $set: { position: checkpoint.position, updated_at: new Date().toISOString() } },
              { session, upsert: true },
            );
          },
          { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } },
        );
      } catch (error) {
        throw explained(error);
      } finally {
        await session.endSession();
      }
    },

    async checkpoint(name) {
      return (await checkpoints.findOne({ _id: name }))?.position ?? 0;
    },

    async checkpoints(): Promise<Checkpoint[]> {
      const docs = await checkpoints.find({}).sort({ _id: 1 }).toArray();
      return docs.map((doc) => ({ name: doc._id, position: doc.position, updated_at: doc.updated_at }));
    },

    async deleteCheckpoint(name) {
      await checkpoints.deleteOne({ _id: name });
    },

    async find<T extends Doc = Doc>(collection: string, filter: Filter = {}, findOptions: FindOptions = {}) {
      assertCollectionName(collection);
      let cursor = db.collection<Doc>(collection).find(filter as MongoFilter<Doc>);
      if (findOptions.sort && Object.keys(findOptions.sort).length > 0) cursor = cursor.sort(findOptions.sort);
      if (findOptions.skip) cursor = cursor.skip(findOptions.skip);
      if (findOptions.limit) cursor = cursor.limit(findOptions.limit);
      return (await cursor.toArray()) as T[];
    },

    async findOne<T extends Doc = Doc>(collection: string, filter: Filter) {
      assertCollectionName(collection);
      return (await db.collection<Doc>(collection).findOne(filter as MongoFilter<Doc>)) as T | null;
    },

    async count(collection, filter = {}) {
      assertCollectionName(collection);
      return db.collection<Doc>(collection).countDocuments(filter as MongoFilter<Doc>);
    },

    async ensureIndexes(collection, indexes) {
      assertCollectionName(collection);
      if (indexes.length === 0) return;
      await db.collection(collection).createIndexes(indexes.map(indexDescription));
    },

    async listCollections(prefix) {
      const infos = await db.listCollections({}, { nameOnly: true }).toArray();
      return selectCollections(
        infos.map((info) => info.name),
        prefix,
      );
    },

    async dropCollection(collection) {
      assertCollectionName(collection);
      await dropQuietly(db, collection);
    },

    probe(mode = 'write') {
      if (closed) return Promise.reject(closedError());
      return probes.check(mode, async () => {
        let hello: { isWritablePrimary?: unknown };
        try {
          hello = await db.command({ hello: 1 }, { signal: AbortSignal.timeout(PROBE_DEADLINE_MS) });
        } catch (error) {
          const typed = unavailable(error);
          throw typed instanceof ReadStoreUnavailableError
            ? typed
            : new ReadStoreUnavailableError(`MongoDB probe: ${String((error as Error)?.message ?? error)}`, {
                cause: error,
              });
        }
        if (mode === 'write' && hello.isWritablePrimary !== true) {
          throw new ReadStoreUnavailableError('MongoDB: the server answers, but is not the writable primary', {
            reason: 'read-only',
          });
        }
      });
    },

    async close() {
      closed = true;
      await client.close();
    },
  };
}

/** Consecutive ops on one collection become one ordered bulkWrite; the batch order is kept. */
function runsByCollection(
  ops: readonly WriteOp[],
): Array<{ collection: string; writes: AnyBulkWriteOperation<Doc>[] }> {
  const runs: Array<{ collection: string; writes: AnyBulkWriteOperation<Doc>[] }> = [];
  for (const op of ops) {
    let run = runs[runs.length - 1];
    if (!run || run.collection !== op.collection) runs.push((run = { collection: op.collection, writes: [] }));
    run.writes.push(bulkWrite(op));
  }
  return runs;
}

function bulkWrite(op: WriteOp): AnyBulkWriteOperation<Doc> {
  const filter = op.filter as MongoFilter<Doc>;
  if (op.kind === 'delete') return op.multi ? { deleteMany: { filter } } : { deleteOne: { filter } };
  const model = { filter, update: withStringId(op) as UpdateFilter<Doc>, upsert: op.upsert === true };
  return op.multi ? { updateMany: model } : { updateOne: model };
}

/**
 * Read-store ids are strings: an upsert whose filter names no `_id` would get an ObjectId from
 * MongoDB, so it gets a random UUID on insert instead, like the embedded store. Chosen before the
 * transaction, so that a retried transaction inserts the same id.
 */
function withStringId(op: Extract<WriteOp, { kind: 'update' }>): UpdateDoc {
  const { update } = op;
  if (!op.upsert || '_id' in op.filter || update.$set?._id !== undefined || update.$setOnInsert?._id !== undefined)
    return update;
  return { ...update, $setOnInsert: { ...update.$setOnInsert, _id: randomUUID() } };
}

/** Only the fields that are set: the driver would send `undefined` as `null`. */
function indexDescription(spec: IndexSpec): IndexDescription {
  return {
    key: spec.keys,
    ...(spec.unique ? { unique: true } : {}),
    ...(spec.name ? { name: spec.name } : {}),
  };
}

async function dropQuietly(db: Db, collection: string): Promise<void> {
  try {
    await db.dropCollection(collection);
  } catch (error) {
    // Servers before 7.0 answer "ns not found" for a missing collection; dropping is idempotent here.
    if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
  }
}

/** A server out of reach for now (network, no primary, timeout, closed client) as ReadStoreUnavailableError. */
function unavailable(error: unknown): unknown {
  const outOfReach =
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoOperationTimeoutError;
  if (!outOfReach) return error;
  const reason =
    error instanceof MongoTopologyClosedError || error instanceof MongoNotConnectedError ? 'closed' : 'unreachable';
  return new ReadStoreUnavailableError(`MongoDB: ${error.message}`, { reason, cause: error });
}

/** A standalone server cannot run transactions: say what to do instead of MongoDB's terse refusal. */
function explained(error: unknown): unknown {
  if (error instanceof MongoServerError && /replica set member or mongos/.test(error.message)) {
    return new Error(
      'the MongoDB read store needs a replica set for its transactions: run mongod with --replSet rs0, ' +
        'rs.initiate(), and connect with ?replicaSet=rs0 (docker compose up mongodb does all three)',
      { cause: error },
    );
  }
  return unavailable(error);
}

/** The database named in the connection string's path, if any (`mongodb://host/atlas?...`). */
function databaseIn(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
