import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Projection } from '../projection.js';
import { measureLag } from './lag.js';
import { liveNamespace } from './namespace.js';
import { startProjections } from './projector.js';
import { runProjection, type BatchProgress, type ProjectionRun } from './runner.js';
import { appendEvents, emptyExpected, newEvent, streamCounter, typeTotals } from './test-fixtures/projections.js';
import { eventually, type TempStores } from './test-fixtures/stores.js';
import { tempStoresEachTest, expectTotals } from './test-fixtures/suite.js';

const WRITER = fileURLToPath(new URL('./test-fixtures/writer-child.ts', import.meta.url));

let stores: TempStores;
tempStoresEachTest((opened) => {
  stores = opened;
});

function live(projection: Projection, options: Parameters<typeof runProjection>[3] = {}): ProjectionRun {
  return runProjection(stores, { projection, namespace: liveNamespace(projection) }, { kind: 'live' }, options);
}

describe('runProjection', () => {
  it('catches up in full batches, each committed with its checkpoint, then follows live appends', async () => {
    const expected = emptyExpected();
    await appendEvents(stores.events, { count: 2500, streams: 7, perAppend: 100 }, expected);
    const batches: Array<BatchProgress & { stored: number }> = [];
    const run = live(streamCounter(), {
      batchSize: 1000,
      // The store is synchronous: the checkpoint read here is the one committed with the batch.
      onBatch: (progress) =>
        void stores.reads.checkpoint('stream_counter@v1').then((stored) => batches.push({ ...progress, stored })),
    });
    await eventually(() => run.position() === 2500, 20_000, 'catch-up');
    expect(batches.slice(0, 3).map((b) => [b.events, b.position, b.stored])).toEqual([
      [1000, 1000, 1000],
      [1000, 2000, 2000],
      [500, 2500, 2500],
    ]);

    await appendEvents(stores.events, { count: 30, streams: 3, perAppend: 1, prefix: 'late' }, expected);
    await eventually(() => run.position() === 2530, 20_000, 'live events');
    await eventually(async () => (await stores.reads.checkpoint('stream_counter@v1')) === 2530);
    for (const b of batches) expect(b.stored).toBe(b.position);
    expect((await run.stop()).state).toBe('stopped');
    const counts = await stores.reads.find('stream_counts__v1');
    expect(counts.reduce((sum, doc) => sum + (doc.count as number), 0)).toBe(2530);
    for (const [stream, seen] of expected.streams) {
      expect(await stores.reads.findOne('stream_counts__v1', { _id: stream })).toMatchObject(seen);
    }
  });

  it('resumes from its checkpoint after a stop: nothing is counted twice', async () => {
    const expected = emptyExpected();
    await appendEvents(stores.events, { count: 3000, streams: 5, perAppend: 250 }, expected);
    const first = runProjection(
      stores,
      { projection: streamCounter(), namespace: liveNamespace(streamCounter()) },
      { kind: 'until', position: 1700 },
      { batchSize: 300 },
    );
    expect(await first.done).toEqual({ state: 'ended', position: 1700 });
    expect(await stores.reads.checkpoint('stream_counter@v1')).toBe(1700);

    const second = live(streamCounter(), { batchSize: 300 });
    await eventually(() => second.position() === 3000);
    await second.stop();
    const third = live(streamCounter());
    await eventually(async () => (await third.lag()).caught_up);
    await third.stop();
    for (const [stream, seen] of expected.streams) {
      expect(await stores.reads.findOne('stream_counts__v1', { _id: stream })).toMatchObject(seen);
    }
  });

  it('stops gracefully: the batch in hand is committed whole, then the run ends', async () => {
    await appendEvents(stores.events, { count: 2500, streams: 4 }, emptyExpected());
    const counter = streamCounter();
    let run: ProjectionRun | undefined;
    const stopping: Projection = {
      ...counter,
      // Asks for a stop in the middle of the second batch (positions 1001..2000).
      project: (event) => {
        if (event.position === 1500) void run!.stop();
        return counter.project(event);
      },
    };
    run = live(stopping, { batchSize: 1000 });
    const end = await run.done;
    expect(end).toEqual({ state: 'stopped', position: 2000 });
    expect(await stores.reads.checkpoint('stream_counter@v1')).toBe(2000);
    const counts = await stores.reads.find('stream_counts__v1');
    expect(counts.reduce((sum, doc) => sum + (doc.count as number), 0)).toBe(2000);
  });

  it('stops while waiting for appends', async () => {
    await appendEvents(stores.events, { count: 10, streams: 1 }, emptyExpected());
    const run = live(streamCounter());
    await eventually(() => run.position() === 10);
    expect(await run.stop()).toEqual({ state: 'stopped', position: 10 });
  });

  it('reports its lag from positions and recorded_at', async () => {
    await appendEvents(stores.events, { count: 100, streams: 2, perAppend: 10 }, emptyExpected());
    const lags: Promise<unknown>[] = [];
    const run: ProjectionRun = runProjection(
      stores,
      { projection: streamCounter(), namespace: liveNamespace(streamCounter()) },
      { kind: 'until', position: 100 },
      {
        batchSize: 30,
        onBatch: (progress) => {
          if (progress.position === 30) lags.push(run.lag());
        },
      },
    );
    await run.done;
    const [head] = await stores.events.readAll({ after: 99, limit: 1 });
    const [applied] = await stores.events.readAll({ after: 29, limit: 1 });
    expect(await lags[0]).toEqual({
      position: 30,
      head_position: 100,
      events_behind: 70,
      seconds_behind: (Date.parse(head!.recorded_at) - Date.parse(applied!.recorded_at)) / 1000,
      caught_up: false,
    });
    expect(await run.lag()).toEqual({
      position: 100,
      head_position: 100,
      events_behind: 0,
      seconds_behind: 0,
      caught_up: true,
    });
    const fresh = await measureLag(stores.events, 0);
    expect(fresh).toMatchObject({ position: 0, head_position: 100, events_behind: 100, caught_up: false });
  });

  it('applies every event exactly once while several writers append concurrently', async () => {
    const expected = emptyExpected();
    await appendEvents(stores.events, { count: 500, streams: 3 }, expected);
    const projector = await startProjections({
      ...stores,
      projections: [streamCounter(), typeTotals()],
      batchSize: 50,
      windowMs: 2,
    });
    const writers = [stores.events, stores.openEvents(), stores.openEvents(), stores.openEvents()];
    // Two more writers in their own processes (the projector finds their appends by polling).
    const children = ['child-0', 'child-1'].map((stream) => {
      expected.streams.set(stream, { count: 200, revision_sum: (199 * 200) / 2 });
      const child = spawn(process.execPath, ['--import', 'tsx', WRITER, stores.dir, stream, '200'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      return new Promise<string>((resolve) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
        child.on('close', () => resolve(out));
      });
    });
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let i = 0; i < 150; i += 1) {
          // Each writer its own streams, plus one stream all of them share.
          const stream = i % 3 === 0 ? 'shared' : `writer-${w}-${i % 4}`;
          const amount = (i % 5) + 1;
          const { nextRevision } = await writer.append(stream, [newEvent('Deposited', { amount })]);
          const seen = expected.streams.get(stream) ?? { count: 0, revision_sum: 0 };
          seen.count += 1;
          seen.revision_sum += nextRevision;
          expected.streams.set(stream, seen);
          const totals = expected.types.get('Deposited')!;
          totals.total += amount;
          totals.events += 1;
          if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    expect(await Promise.all(children)).toEqual(['done\n', 'done\n']);
    await eventually(
      async () => (await projector.lag()).every((lag) => lag.caught_up && lag.position === 1500),
      20_000,
      'caught up',
    );
    await projector.stop();
    await expectTotals(stores.reads, expected);
  });
});
