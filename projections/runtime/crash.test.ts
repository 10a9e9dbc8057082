/**
 * Exactly once under crashes: a projector process is SIGKILLed at random points of a long
 * catch-up, at least 20 times, and restarted each time; once it has finished, the read models
 * equal a clean rebuild and hold the exact totals of the log. And `rebuild all` (which reads the
 * log on the event store's reader thread) killed at random points: the projector resumes every
 * projection where the rebuild stopped, to the same exact totals.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, emptyExpected, streamCounter, typeTotals, type Expected } from './test-fixtures/projections.js';
import { openTempStores, type TempStores } from './test-fixtures/stores.js';
import { verify } from './verify.js';

const CHILD = fileURLToPath(new URL('./test-fixtures/crash-child.ts', import.meta.url));
const EVENTS = 200_000;
const KILLS = 20;

interface ChildRun {
  killed: boolean;
  /** Batch lines printed before the end. */
  batches: number;
  done: boolean;
  code: number | null;
  stderr: string;
}

/** Starts the projector process; kills it after `killAfter` batch lines (plus a random delay) unless undefined. */
function runChild(dir: string, killAfter?: number, mode: 'project' | 'rebuild' = 'project'): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, ...(mode === 'rebuild' ? ['rebuild'] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { killed: false, batches: 0, done: false, code: null, stderr: '' };
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'done') run.done = true;
        else if (line.startsWith('batch ')) run.batches += 1;
        if (killAfter !== undefined && run.batches === killAfter && !run.killed) {
          run.killed = true;
          // Lands anywhere in the next batches: reading, projecting or inside the commit.
          setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...run, code }));
  });
}

let stores: TempStores;
const expected: Expected = emptyExpected();
beforeAll(async () => {
  stores = openTempStores();
  await appendEvents(stores.events, { count: EVENTS, streams: 50 }, expected);
}, 120_000);
afterAll(async () => {
  await stores?.close();
});

describe('projector crash', () => {
  it(`survives ${KILLS} SIGKILLs in a ${EVENTS.toLocaleString('en-US')}-event catch-up: exactly once`, async () => {
    let kills = 0;
    for (let attempt = 0; kills < KILLS && attempt < KILLS * 2; attempt += 1) {
      const run = await runChild(stores.dir, 1 + Math.floor(Math.random() * 6));
      expect(run.done, run.stderr).toBe(false); // killed before the end of the catch-up
      if (run.killed && run.code === null) kills += 1;
      else expect(run.code, run.stderr).toBe(0);
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    const last = await runChild(stores.dir);
    expect(last.code, last.stderr).toBe(0);
    expect(last.done).toBe(true);

    await expectExactlyOnce();
  }, 150_000);

  it('resumes a rebuild all SIGKILLed at random points where it stopped: exactly once', async () => {
    for (let round = 0; round < 3; round += 1) {
      // 200,000 events in pages of 5,000, two projections: 80 batch lines in a whole rebuild.
      const rebuild = await runChild(stores.dir, 1 + Math.floor(Math.random() * 60), 'rebuild');
      expect(rebuild.killed && rebuild.code === null && !rebuild.done, rebuild.stderr).toBe(true);
      const resumed = await runChild(stores.dir);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.done).toBe(true);
      await expectExactlyOnce();
    }
  }, 150_000);
});

async function expectExactlyOnce(): Promise<void> {
  const report = await verify([streamCounter(), typeTotals()], stores);
  expect(report.collections.map((c) => [c.collection, c.position, c.match])).toEqual([
    ['stream_counts', EVENTS, true],
    ['type_totals', EVENTS, true],
  ]);
  const counts = await stores.reads.find('stream_counts__v1', {}, { sort: { _id: 1 } });
  expect(counts).toHaveLength(expected.streams.size);
  for (const doc of counts)
    expect({ count: doc.count, revision_sum: doc.revision_sum }).toEqual(expected.streams.get(doc._id));
  const totals = await stores.reads.find('type_totals__v1', {}, { sort: { _id: 1 } });
  expect(Object.fromEntries(totals.map((doc) => [doc._id, { total: doc.total, events: doc.events }]))).toEqual(
    Object.fromEntries(expected.types),
  );
}
