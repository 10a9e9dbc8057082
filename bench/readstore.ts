/**
 * Read store bench (sqlite adapter), each figure beside hand-written better-sqlite3 doing the same
 * work with the same pragmas (WAL, synchronous=NORMAL), measured in the same run:
 *
 * - applyBatch: batches of 1000 upserts by `_id` (`$inc`, `$max`, `$setOnInsert`) over 300
 *   documents per batch, the shape of a projection rebuild. The baseline reads each touched row
 *   once, changes it in plain JS and writes it once per batch: the least work any store must do.
 * - find: an equality on an indexed field over 10,000 documents (pushdown + mingo), beside the
 *   same query on the expression index with JSON.parse of the rows.
 * - find, unindexed: the same filter without index (a scan evaluated by mingo), beside a raw scan.
 *
 * Raw and port runs alternate, keeping the best of each, so that disk noise hits both alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { ReadStore, WriteOp } from '../stores/reads/port.js';
import { openSqliteReadStore } from '../stores/reads/sqlite.js';
import { figure, type Bench, type Figure } from './figure.js';

const ROUNDS = 3;
const BATCHES = 100;
const OPS_PER_BATCH = 1000;
const DOCS_PER_BATCH = 300;
const DOCS = 10_000;
const QUERIES = 300;

interface Day {
  _id: string;
  user_id: number;
  seconds?: number;
  keys?: number;
  last?: string;
}

function makeBatches(): WriteOp[][] {
  return Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: OPS_PER_BATCH }, (_, i): WriteOp => {
      const user = (b * 97 + i) % DOCS_PER_BATCH;
      return {
        kind: 'update',
        collection: 'days',
        filter: { _id: `u${user}:d${b % 20}` },
        update: {
          $inc: { seconds: 60, keys: i % 7 },
          $max: { last: `2026-01-01T00:${String(i % 60).padStart(2, '0')}:00Z` },
          $setOnInsert: { user_id: user },
        },
        upsert: true,
      };
    }),
  );
}

function openRaw(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS days (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)');
  return db;
}

/** Hand-written: the same batches, each touched row read once and written once. */
function applyRaw(file: string, batches: readonly WriteOp[][]): number {
  const db = openRaw(file);
  const get = db.prepare<[string], { doc: string }>('SELECT doc FROM days WHERE _id = ?');
  const put = db.prepare(
    'INSERT INTO days (_id, doc) VALUES (?, ?) ON CONFLICT (_id) DO UPDATE SET doc = excluded.doc',
  );
  const write = db.transaction((ops: readonly WriteOp[]) => {
    const touched = new Map<string, Day>();
    for (const op of ops) {
      if (op.kind !== 'update') continue;
      const id = op.filter._id as string;
      let day = touched.get(id);
      if (!day) {
        const row = get.get(id);
        day = row ? (JSON.parse(row.doc) as Day) : { _id: id, user_id: op.update.$setOnInsert!.user_id as number };
        touched.set(id, day);
      }
      day.seconds = (day.seconds ?? 0) + op.update.$inc!.seconds!;
      day.keys = (day.keys ?? 0) + op.update.$inc!.keys!;
      const last = op.update.$max!.last as string;
      if (day.last === undefined || day.last < last) day.last = last;
    }
    for (const [id, day] of touched) put.run(id, JSON.stringify(day));
  });
  const started = performance.now();
  for (const ops of batches) write.immediate(ops);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return (batches.length * OPS_PER_BATCH) / seconds;
}

async function applyThroughPort(file: string, batches: readonly WriteOp[][]): Promise<number> {
  const store = openSqliteReadStore({ file });
  const started = performance.now();
  let position = 0;
  for (const ops of batches) await store.applyBatch(ops, { name: 'bench', position: ++position });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return (batches.length * OPS_PER_BATCH) / seconds;
}

/** 10,000 documents in `tasks`, for the find figures; `indexed` adds the index on `status`. */
async function seedTasks(file: string, indexed: boolean): Promise<ReadStore> {
  const store = openSqliteReadStore({ file });
  if (indexed) await store.ensureIndexes('tasks', [{ keys: { status: 1 } }]);
  const ops = Array.from({ length: DOCS }, (_, i): WriteOp => ({
    kind: 'update',
    collection: 'tasks',
    filter: { _id: `t${i}` },
    upsert: true,
    update: { $set: { status: `s${i % 100}`, points: i % 13, title: `Task ${i}`, tags: ['a', 'b'] } },
  }));
  await store.applyBatch(ops, { name: 'seed', position: 1 });
  return store;
}

async function findThroughPort(store: ReadStore): Promise<number> {
  const started = performance.now();
  for (let q = 0; q < QUERIES; q++) await store.find('tasks', { status: `s${q % 100}` });
  return QUERIES / ((performance.now() - started) / 1000);
}

function findRaw(file: string, indexed: boolean): number {
  const db = new Database(file);
  const sql = indexed
    ? "SELECT doc FROM coll_tasks WHERE json_extract(doc, '$.status') = ?"
    : 'SELECT doc FROM coll_tasks';
  const select = db.prepare<unknown[], { doc: string }>(sql);
  const started = performance.now();
  for (let q = 0; q < QUERIES; q++) {
    const status = `s${q % 100}`;
    const rows = indexed ? select.all(status) : select.all();
    rows.map((row) => JSON.parse(row.doc) as { status: string }).filter((doc) => doc.status === status);
  }
  const perSecond = QUERIES / ((performance.now() - started) / 1000);
  db.close();
  return perSecond;
}

async function measureFind(dir: string, indexed: boolean): Promise<Figure> {
  const file = path.join(dir, `tasks-${indexed ? 'indexed' : 'scan'}.db`);
  const store = await seedTasks(file, indexed);
  let raw = 0;
  let port = 0;
  for (let round = 0; round < ROUNDS; round++) {
    raw = Math.max(raw, findRaw(file, indexed));
    port = Math.max(port, await findThroughPort(store));
  }
  await store.close();
  return indexed
    ? figure(
        'read store find, indexed equality, 10k docs',
        'queries/s',
        port,
        { name: 'raw better-sqlite3 on the index', value: raw },
        { ratio: 0.5, better: 'higher' },
      )
    : figure('read store find, unindexed (mingo scan), 10k docs', 'queries/s', port, {
        name: 'raw better-sqlite3 scan + JSON.parse',
        value: raw,
      });
}

export async function benchReadStore(): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-reads-'));
  try {
    const batches = makeBatches();
    let raw = 0;
    let port = 0;
    for (let round = 0; round < ROUNDS; round++) {
      raw = Math.max(raw, applyRaw(path.join(dir, `raw-${round}.db`), batches));
      port = Math.max(port, await applyThroughPort(path.join(dir, `port-${round}.db`), batches));
    }
    return [
      figure(
        'read store applyBatch, 1000 upserts by _id over 300 docs',
        'ops/s',
        port,
        { name: 'raw better-sqlite3, one read + one write per doc', value: raw },
        { ratio: 0.5, value: 200_000, better: 'higher' },
      ),
      await measureFind(dir, true),
      await measureFind(dir, false),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const readStoreBench: Bench = { name: 'read store (sqlite)', run: benchReadStore };
