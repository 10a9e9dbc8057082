/**
 * Kills a process that is applying batches (SIGKILL, at a random moment) and checks that the
 * store reopens with rows and checkpoint in agreement: every batch applied exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COUNTERS, CRASH_CHECKPOINT, expectedCounter } from '../test-fixtures/read-crash-batches.js';
import { openSqliteReadStore } from './sqlite.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRITER = fileURLToPath(new URL('../test-fixtures/read-crash-writer-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'atlas-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the writer, waits until it has gone `beyond` the given position, kills it at random. */
async function runAndKill(file: string, beyond: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let reported = 0;
  let errors = '';
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) reported = Number(/^applied (\d+)$/.exec(line)?.[1] ?? reported);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

  const deadline = Date.now() + 45_000;
  while (reported <= beyond + 20) {
    if (child.exitCode !== null) throw new Error(`writer exited early: ${errors}`);
    if (Date.now() > deadline) throw new Error(`writer made no progress past ${reported}: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return reported;
}

describe('sqlite read store under SIGKILL', () => {
  it('keeps rows and checkpoint in agreement across repeated crashes', async () => {
    const file = join(dir, 'reads.db');
    let checkpoint = 0;
    for (let round = 0; round < 4; round++) {
      const reported = await runAndKill(file, checkpoint);
      const store = openSqliteReadStore({ file });
      try {
        checkpoint = await store.checkpoint(CRASH_CHECKPOINT);
        expect(checkpoint).toBeGreaterThanOrEqual(reported);
        const counters = await store.find('counters', {}, { sort: { _id: 1 } });
        expect(counters).toHaveLength(COUNTERS);
        for (let k = 0; k < COUNTERS; k++) {
          const counter = await store.findOne('counters', { _id: `c${k}` });
          expect({ k, ...pick(counter) }).toEqual({ k, ...expectedCounter(k, checkpoint) });
        }
        expect(await store.count('batches')).toBe(checkpoint);
        expect(await store.findOne('batches', { _id: `b${checkpoint}` })).toEqual({
          _id: `b${checkpoint}`,
          position: checkpoint,
        });
      } finally {
        await store.close();
      }
    }
  });
});

function pick(counter: Record<string, unknown> | null): { n: unknown; last: unknown } {
  return { n: counter?.n, last: counter?.last };
}
