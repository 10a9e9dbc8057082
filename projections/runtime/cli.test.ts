/**
 * `atlas` (system/cli.ts) over real SQLite stores in a temp data dir.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../system/cli.js';
import { startProjections } from './projector.js';
import { appendEvents, emptyExpected, streamCounter, typeTotals } from './test-fixtures/projections.js';
import { eventually, type TempStores } from './test-fixtures/stores.js';
import { tempStoresEachTest } from './test-fixtures/suite.js';

let stores: TempStores;
tempStoresEachTest(async (opened) => {
  stores = opened;
  await appendEvents(stores.events, { count: 1500, streams: 5, perAppend: 100 }, emptyExpected());
});

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

async function atlas(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await runCli(argv, {
    env: { ATLAS_DATA_DIR: stores.dir },
    projections: [streamCounter(), typeTotals()],
    out,
    err,
  });
  return { code, out: out.text(), err: err.text() };
}

async function runToHead(): Promise<void> {
  const projector = await startProjections({ ...stores, projections: [streamCounter(), typeTotals()] });
  await eventually(async () => (await projector.lag()).every((lag) => lag.caught_up));
  await projector.stop();
}

describe('atlas CLI', () => {
  it('prints help, and exits 2 with a clear message on usage errors', async () => {
    const help = await atlas('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/replay <projection> --until <at>/);

    const unknownCommand = await atlas('frobnicate');
    expect(unknownCommand).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') });

    const unknownProjection = await atlas('rebuild', 'nope');
    expect(unknownProjection.code).toBe(2);
    expect(unknownProjection.err).toContain('unknown projection "nope"; known: stream_counter, type_totals');

    const badUntil = await atlas('replay', 'stream_counter', '--until', 'yesterday');
    expect(badUntil.code).toBe(2);
    expect(badUntil.err).toContain(
      '--until takes a global position (a non-negative integer, e.g. 1200) or an ISO 8601 time',
    );

    expect((await atlas('replay', 'stream_counter')).err).toContain('--until is required');
    expect((await atlas('verify', 'extra')).code).toBe(2);
    expect((await atlas('lag', '--bogus')).code).toBe(2);
  });

  it('rebuild projects from zero, lag reports it, verify matches', async () => {
    const rebuilt = await atlas('rebuild', 'stream_counter');
    expect(rebuilt).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^rebuilt stream_counter v1: 1500 events up to position 1500/),
    });

    const lag = await atlas('lag');
    expect(lag.code).toBe(0);
    expect(lag.out).toContain('stream_counter v1 running: position 1500/1500, 0 events and 0.000 s behind (caught up)');
    expect(lag.out).toContain('type_totals v1 never run: position 0/1500, 1500 events');

    await runToHead();
    const verified = await atlas('verify');
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(
      /^match +stream_counter v1 stream_counts at position 1500: live ([0-9a-f]{64}) \(5 docs\) scratch \1 \(5 docs\)$/m,
    );
    expect(verified.out).toMatch(/^match +type_totals v1 type_totals at position 1500/m);
  });

  it('rebuild all projects every projection in one pass over the log, and verify matches', async () => {
    await runToHead();
    // Tamper with a live model: the rebuild must throw it away.
    await stores.reads.applyBatch(
      [{ kind: 'update', collection: 'type_totals__v1', filter: { _id: 'Deposited' }, update: { $inc: { total: 5 } } }],
      { name: 'tampering', position: 1 },
    );
    expect((await atlas('verify')).code).toBe(1);
    const rebuilt = await atlas('rebuild', 'all');
    expect(rebuilt).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^rebuilt stream_counter v1, type_totals v1: 1500 events up to position 1500/),
    });
    const lag = await atlas('lag');
    expect(lag.out).toContain('stream_counter v1 running: position 1500/1500, 0 events and 0.000 s behind (caught up)');
    expect(lag.out).toContain('type_totals v1 running: position 1500/1500, 0 events and 0.000 s behind (caught up)');
    const verified = await atlas('verify');
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/^match +type_totals v1 type_totals at position 1500/m);
    // The indexes, built once the collections were filled, are there.
    const db = new Database(path.join(stores.dir, 'reads.db'), { readonly: true });
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix:stream_counts__v1:%'")
      .all();
    db.close();
    expect(indexes.length).toBeGreaterThan(0);
  });

  it('verify exits 1 and prints MISMATCH when a live model differs from its rebuild', async () => {
    await runToHead();
    await stores.reads.applyBatch(
      [{ kind: 'update', collection: 'type_totals__v1', filter: { _id: 'Deposited' }, update: { $inc: { total: 5 } } }],
      { name: 'tampering', position: 1 },
    );
    const verified = await atlas('verify');
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(
      /^MISMATCH type_totals v1 type_totals at position 1500: live [0-9a-f]{64} \(2 docs\) scratch [0-9a-f]{64} \(2 docs\)$/m,
    );
    expect(verified.out).toMatch(/^match +stream_counter/m);
  });

  it('replay prints counts and samples, or every document with --json, and drops its scratch', async () => {
    const summary = await atlas('replay', 'stream_counter', '--until', '250');
    expect(summary.code).toBe(0);
    expect(summary.out).toContain('stream_counter v1 as of position 250: 250 events (read up to position 250)');
    expect(summary.out).toContain('stream_counts: 3 documents');
    expect(summary.out).toContain('{"_id":"account-0","count":100,"revision_sum":4950,"last_position":100}');

    const json = await atlas('replay', 'type_totals', '--until', new Date(Date.now() + 60_000).toISOString(), '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as {
      events: number;
      collections: { type_totals: Array<{ _id: string; events: number }> };
    };
    expect(parsed.events).toBe(1500);
    expect(parsed.collections.type_totals.map((doc) => [doc._id, doc.events])).toEqual([
      ['Deposited', 500],
      ['Withdrawn', 500],
    ]);
    expect(await stores.reads.listCollections('scratch_')).toEqual([]);
  });
});
