/**
 * Event store bench: events/s appended through the EventStore port (sqlite adapter), beside raw
 * better-sqlite3 inserts of the same rows into the same table with the same pragmas (WAL,
 * synchronous=FULL), one transaction per batch, measured in the same run.
 *
 * Both sides serialise data and metadata to JSON inside the timed loop (any writer of these rows
 * has to), each run writes to a fresh file, and the raw and port runs alternate, keeping the best
 * of each, so that disk noise hits both alike.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { ExpectedRevision, NewEvent } from '../stores/events/port.js';
import { EVENTS_TABLE_SQL, openSqliteEventStore } from '../stores/events/sqlite.js';
import { figure, type Bench, type Figure } from './figure.js';

interface Case {
  name: string;
  batchSize: number;
  batches: number;
  /** All batches to one stream, or each batch to a new stream. */
  oneStream: boolean;
  target?: Figure['target'];
}

const CASES: Case[] = [
  { name: 'append, batches of 1, distinct streams', batchSize: 1, batches: 1000, oneStream: false },
  { name: 'append, batches of 1, one stream', batchSize: 1, batches: 1000, oneStream: true },
  {
    name: 'append, batches of 100, distinct streams',
    batchSize: 100,
    batches: 200,
    oneStream: false,
    target: { ratio: 0.5, better: 'higher' },
  },
  {
    name: 'append, batches of 100, one stream',
    batchSize: 100,
    batches: 200,
    oneStream: true,
    target: { ratio: 0.5, better: 'higher' },
  },
];

const ROUNDS = 3;

interface Batch {
  stream: string;
  /** Revision of the stream's last event before this batch (-1: new stream). */
  before: number;
  events: NewEvent[];
}

function makeBatches({ batchSize, batches, oneStream }: Case): Batch[] {
  const correlation = randomUUID();
  const shared = `project-${randomUUID()}`;
  return Array.from({ length: batches }, (_, b) => ({
    stream: oneStream ? shared : `task-${randomUUID()}`,
    before: oneStream ? b * batchSize - 1 : -1,
    events: Array.from({ length: batchSize }, (_, i) => ({
      id: randomUUID(),
      type: 'TaskCreated',
      data: {
        task_id: randomUUID(),
        project_id: randomUUID(),
        title: `Task ${b}.${i}`,
        description: 'Bench task',
        due_date: null,
      },
      metadata: {
        correlation_id: correlation,
        causation_id: null,
        user_id: 42,
        occurred_at: new Date().toISOString(),
        schema_version: 1,
      },
    })),
  }));
}

function eventsOf(batches: readonly Batch[]): number {
  return batches.reduce((sum, batch) => sum + batch.events.length, 0);
}

/** Raw better-sqlite3: prepared insert, one BEGIN IMMEDIATE transaction per batch. */
function appendRaw(file: string, batches: readonly Batch[]): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENTS_TABLE_SQL);
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const write = db.transaction((batch: Batch) => {
    const recordedAt = new Date().toISOString();
    let revision = batch.before;
    for (const event of batch.events) {
      revision += 1;
      insert.run(
        event.id,
        batch.stream,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
    }
  });
  const started = performance.now();
  for (const batch of batches) write.immediate(batch);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return eventsOf(batches) / seconds;
}

/** The same batches through the port, each with its expected revision, as a command handler would. */
async function appendThroughPort(file: string, batches: readonly Batch[]): Promise<number> {
  const store = openSqliteEventStore({ file });
  const started = performance.now();
  for (const batch of batches) {
    const expectedRevision: ExpectedRevision = batch.before < 0 ? 'no_stream' : batch.before;
    await store.append(batch.stream, batch.events, { expectedRevision });
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return eventsOf(batches) / seconds;
}

async function measure(benchCase: Case, dir: string): Promise<Figure> {
  const batches = makeBatches(benchCase);
  let raw = 0;
  let port = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    raw = Math.max(raw, appendRaw(path.join(dir, `raw-${randomUUID()}.db`), batches));
    port = Math.max(port, await appendThroughPort(path.join(dir, `port-${randomUUID()}.db`), batches));
  }
  return figure(benchCase.name, 'events/s', port, { name: 'raw better-sqlite3', value: raw }, benchCase.target);
}

export const eventStoreBench: Bench = {
  name: 'event store (sqlite)',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-events-'));
    try {
      const figures: Figure[] = [];
      for (const benchCase of CASES) figures.push(await measure(benchCase, dir));
      return figures;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
