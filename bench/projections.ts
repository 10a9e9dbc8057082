/**
 * Projection runtime bench (embedded stores):
 *
 * (a) Rebuild: 1,000,000 events appended (setup, not measured), then a full rebuild of every
 *     projection in one pass over the log (`atlas rebuild all`), in log events per second and in
 *     events projected per second (log events x projections), beside a raw better-sqlite3
 *     sequential scan of the same events table (`SELECT * ... ORDER BY position`, parsing each
 *     row's JSON). Once on a synthetic set, once on every registered read model.
 * (b) Append-to-visible lag under a steady write load (500 appends/s for 10 s, projector live):
 *     from `append` resolving to the projected document being readable through the ReadStore,
 *     p50 and p99, beside a raw better-sqlite3 insert-then-select round trip.
 *
 * A representative synthetic set of projections runs on synthetic task events (per-task state
 * with `$set`/`$setOnInsert`, per-project counters with `$inc`, per-user workload with
 * `$inc`/`$max`); the figures name the set.
 */
import { randomUUID } from 'node:crypto';
import { newEvent } from '../stores/events/conformance-fixtures.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { Projection } from '../projections/projection.js';
import { startProjections } from '../projections/runtime/projector.js';
import { rebuildAll } from '../projections/runtime/rebuild.js';
import type { NewEvent, StoredEvent } from '../stores/events/port.js';
import { openSqliteEventStore } from '../stores/events/sqlite.js';
import { openSqliteReadStore } from '../stores/reads/sqlite.js';
import { projections as registeredProjections } from '../projections/registry.js';
import { organizationBatch } from './atlas-log.js';
import { figure, type Bench, type Figure } from './figure.js';

const REBUILD_EVENTS = 1_000_000;
const EVENTS_PER_APPEND = 5_000;
const LOAD_RATE = 500; // appends per second
const LOAD_SECONDS = 10;

interface TaskData {
  task_id: string;
  project_id: string;
  user_id?: number;
  title?: string;
}

/** Stand-ins for the real projections, shaped like Atlas's task read models. */
const syntheticProjections: readonly Projection[] = [
  {
    name: 'bench_tasks',
    version: 1,
    collections: { bench_tasks: { indexes: [{ keys: { project_id: 1 } }] } },
    project: (event: StoredEvent) => {
      const data = event.data as TaskData;
      const at = event.metadata.occurred_at;
      const task = (update: Record<string, unknown>) => [
        { kind: 'update' as const, collection: 'bench_tasks', filter: { _id: data.task_id }, update, upsert: true },
      ];
      switch (event.type) {
        case 'TaskCreated':
          return task({
            $set: { project_id: data.project_id, title: data.title, status: 'todo' },
            $setOnInsert: { created_at: at },
          });
        case 'TaskAssigned':
          return task({ $set: { assignee_id: data.user_id } });
        case 'TaskStarted':
          return task({ $set: { status: 'in_progress', started_at: at } });
        case 'TaskCompleted':
          return task({ $set: { status: 'done', completed_at: at } });
        default:
          return [];
      }
    },
  },
  {
    name: 'bench_project_stats',
    version: 1,
    collections: { bench_project_stats: { indexes: [] } },
    project: (event: StoredEvent) => {
      const data = event.data as TaskData;
      const inc: Record<string, Record<string, number>> = {
        TaskCreated: { tasks: 1, open: 1 },
        TaskCompleted: { open: -1, done: 1 },
      };
      const counts = inc[event.type];
      if (!counts) return [];
      return [
        {
          kind: 'update',
          collection: 'bench_project_stats',
          filter: { _id: data.project_id },
          update: { $inc: counts },
          upsert: true,
        },
      ];
    },
  },
  {
    name: 'bench_user_workload',
    version: 1,
    collections: { bench_user_workload: { indexes: [] } },
    project: (event: StoredEvent) => {
      const data = event.data as TaskData;
      if (data.user_id === undefined) return [];
      const counts: Record<string, number> =
        event.type === 'TaskAssigned'
          ? { assigned: 1 }
          : event.type === 'TaskCompleted'
            ? { completed: 1 }
            : { touched: 1 };
      return [
        {
          kind: 'update',
          collection: 'bench_user_workload',
          filter: { _id: String(data.user_id) },
          update: { $inc: counts, $max: { last_position: event.position } },
          upsert: true,
        },
      ];
    },
  },
];

function taskEvent(type: string, data: TaskData): NewEvent {
  return newEvent(type, data, { user_id: data.user_id ?? null });
}

/** One project's tasks through their lifecycle, `size` events, for one append. */
function projectBatch(size: number): NewEvent[] {
  const project_id = randomUUID();
  const events: NewEvent[] = [];
  while (events.length < size) {
    const task_id = randomUUID();
    const user_id = 1 + Math.floor(Math.random() * 500);
    events.push(taskEvent('TaskCreated', { task_id, project_id, title: `Task ${events.length}` }));
    events.push(taskEvent('TaskAssigned', { task_id, project_id, user_id }));
    events.push(taskEvent('TaskStarted', { task_id, project_id, user_id }));
    events.push(taskEvent('TaskCompleted', { task_id, project_id, user_id }));
  }
  return events.slice(0, size);
}

/** Raw baseline: the whole events table in position order, each row's JSON parsed. */
function rawScan(file: string): number {
  const db = new Database(file, { readonly: true });
  const started = performance.now();
  let rows = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{
    data: string;
    metadata: string;
  }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    rows += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows / seconds;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Raw baseline: insert a row, then select it back, with the event store's pragmas. */
function rawRoundTrips(file: string, count: number): number[] {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO rows (body) VALUES (?)');
  const select = db.prepare('SELECT body FROM rows WHERE id = ?');
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const { lastInsertRowid } = insert.run(JSON.stringify({ i }));
    select.get(lastInsertRowid);
    times.push(performance.now() - started);
  }
  db.close();
  return times.sort((a, b) => a - b);
}

async function measureRebuild(
  dir: string,
  set: readonly Projection[],
  setName: string,
  appendBatch: NonNullable<ProjectionsBenchOptions['appendBatch']>,
): Promise<Figure[]> {
  const file = path.join(dir, 'rebuild-events.db');
  const events = openSqliteEventStore({ file });
  const reads = openSqliteReadStore({ file: path.join(dir, 'rebuild-reads.db') });
  for (let written = 0, index = 0; written < REBUILD_EVENTS; index += 1) {
    const batch = appendBatch(Math.min(EVENTS_PER_APPEND, REBUILD_EVENTS - written), index);
    if (batch.events.length === 0) throw new Error('appendBatch gave no events');
    await events.append(batch.stream, batch.events);
    written += batch.events.length;
  }
  const baseline = rawScan(file);
  const started = performance.now();
  // `atlas rebuild all`: one pass over the log, every projection's batch committed in turn.
  const { events: read } = await rebuildAll(set, { events, reads });
  const seconds = (performance.now() - started) / 1000;
  const projected = read * set.length;
  await events.close();
  await reads.close();
  const scan = { name: 'raw better-sqlite3 scan + JSON.parse', value: baseline };
  const size = `${set.length} projections x ${REBUILD_EVENTS.toLocaleString('en-US')} events`;
  return [
    // Each projection reads the whole log: what the runtime pushes through per second.
    figure(
      `projections: full rebuild, events projected/s (${setName}, ${size})`,
      'events/s',
      projected / seconds,
      scan,
    ),
    // The log as a whole: how fast every read model of the set is back from zero.
    figure(
      `projections: full rebuild, log events/s to rebuild them all (${setName})`,
      'events/s',
      REBUILD_EVENTS / seconds,
      scan,
      { value: 100_000, better: 'higher' },
    ),
  ];
}

async function measureLag(dir: string, set: readonly Projection[], setName: string): Promise<Figure[]> {
  const events = openSqliteEventStore({ file: path.join(dir, 'lag-events.db') });
  const reads = openSqliteReadStore({ file: path.join(dir, 'lag-reads.db') });
  const projector = await startProjections({ events, reads, projections: set });
  // Visibility is read from the first projection's first collection, keyed by the appended task.
  const probe = set[0]!;
  const collection = `${Object.keys(probe.collections)[0]!}__v${probe.version}`;
  const pending = new Map<string, number>();
  const lags: number[] = [];
  let appending = true;
  const watcher = (async () => {
    while (appending || pending.size > 0) {
      for (const [id, appendedAt] of pending) {
        if (await reads.findOne(collection, { _id: id })) {
          lags.push(performance.now() - appendedAt);
          pending.delete(id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  const total = LOAD_RATE * LOAD_SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / LOAD_RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const task_id = randomUUID();
    await events.append(`task-${task_id}`, [taskEvent('TaskCreated', { task_id, project_id: 'p', title: 'probe' })]);
    pending.set(task_id, performance.now());
  }
  appending = false;
  await watcher;
  await projector.stop();
  await events.close();
  await reads.close();

  lags.sort((a, b) => a - b);
  const raw = rawRoundTrips(path.join(dir, 'raw-roundtrip.db'), 2000);
  const label = `projections: append-to-visible lag at ${LOAD_RATE} appends/s (${setName})`;
  return [
    figure(`${label}, p50`, 'ms', quantile(lags, 0.5), {
      name: 'raw better-sqlite3 insert+select p50',
      value: quantile(raw, 0.5),
    }),
    figure(
      `${label}, p99`,
      'ms',
      quantile(lags, 0.99),
      { name: 'raw better-sqlite3 insert+select p99', value: quantile(raw, 0.99) },
      {
        value: 50,
        better: 'lower',
      },
    ),
  ];
}

export interface ProjectionsBenchOptions {
  /** Default: the synthetic set. Projections that ignore the log's events prove nothing. */
  projections?: readonly Projection[];
  name?: string;
  /** One append of the rebuild log (one stream); default: one project's task lifecycles. */
  appendBatch?: (size: number, index: number) => { stream: string; events: NewEvent[] };
}

export async function benchProjections({
  projections: set = syntheticProjections,
  name: setName = 'synthetic set',
  appendBatch = (size, index) => ({ stream: `project-${index}`, events: projectBatch(size) }),
}: ProjectionsBenchOptions = {}): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-projections-'));
  try {
    const figures = await measureRebuild(dir, set, setName, appendBatch);
    // The lag probe reads a document keyed by the appended task's id: the synthetic set has one.
    figures.push(...(await measureLag(dir, syntheticProjections, 'synthetic set')));
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const projectionsBench: Bench = {
  name: 'projection runtime (sqlite)',
  run: async () => [
    ...(await benchProjections()),
    // The real read models, every registered projection, on a catalogue-valid log.
    ...(await benchRebuild({
      projections: registeredProjections,
      name: 'every registered read model',
      appendBatch: organizationBatch,
    })),
  ],
};

/** The rebuild figure alone. */
export async function benchRebuild(options: Required<ProjectionsBenchOptions>): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-rebuild-'));
  try {
    return await measureRebuild(dir, options.projections, options.name, options.appendBatch);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
