/**
 * The embedded store's `scan` on its reader thread (`sqlite-scan.ts`): the conformance suite runs
 * it on a long stretch; here, every event read back as `readAll` gives it, whatever its text, and
 * the thread's end however the scan ends.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent } from './conformance-fixtures.js';
import { EventStoreUnavailableError, type EventStore, type ScanOptions, type StoredEvent } from './port.js';
import { openSqliteEventStore } from './sqlite.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-scan-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every scan of this store, however short, reads on the reader thread. */
const threaded = () => openSqliteEventStore({ file: path.join(dir, `${randomUUID()}.db`), scanThreadMinEvents: 0 });

async function scanned(store: EventStore, options: ScanOptions): Promise<StoredEvent[][]> {
  const pages: StoredEvent[][] = [];
  for await (const page of store.scan(options)) pages.push(page);
  return pages;
}

/** Text JSON must escape, or that a hand-built JSON page would get wrong. */
const awkward = [
  '"quoted" \\ back\\slash',
  'line\nbreak\ttab\r',
  '\u2028\u2029 separators',
  'émoji 🧭 ü ß 中文',
  '\u0001 control',
  '}],{"not":"json',
  '',
];

/** Threads of this process (Linux): the reader thread is one of them while it lives. */
const threads = () => fs.readdirSync('/proc/self/task').length;

describe('sqlite event store: scan on the reader thread', () => {
  it('reads back every event as readAll gives it: any text in data, metadata, stream and type', async () => {
    const store = threaded();
    try {
      for (const [i, text] of awkward.entries()) {
        const event = newEvent(`Odd.${text}`, {
          text,
          nested: { list: [text, i, null, true, 1.5e-7], empty: {} },
          big: 2 ** 53 - 1,
        });
        event.metadata = { ...event.metadata, note: text } as typeof event.metadata;
        await store.append(`stream "${text}" ${i}`, [event, newEvent()]);
      }
      const log = await store.readAll({ after: 0, limit: 1000 });
      expect(log).toHaveLength(awkward.length * 2);
      for (const pageSize of [1, 3, 1000]) {
        const pages = await scanned(store, { after: 0, upTo: log.at(-1)!.position, pageSize });
        expect(pages.flat()).toEqual(log);
        expect(Math.max(...pages.map((page) => page.length))).toBeLessThanOrEqual(pageSize);
      }
      expect((await scanned(store, { after: log[2]!.position, upTo: log[6]!.position, pageSize: 2 })).flat()).toEqual(
        log.slice(3, 7),
      );
    } finally {
      await store.close();
    }
  });

  it('ends its thread when the consumer stops early, and the store goes on', async () => {
    const store = threaded();
    try {
      await store.append(
        's',
        Array.from({ length: 50 }, () => newEvent()),
      );
      const before = threads();
      for await (const page of store.scan({ after: 0, upTo: 50, pageSize: 5 })) {
        expect(page).toHaveLength(5);
        expect(threads()).toBeGreaterThan(before);
        break;
      }
      expect(threads()).toBe(before);
      expect(
        (await scanned(store, { after: 45, upTo: 50, pageSize: 5 })).flat().map((event) => event.position),
      ).toEqual([46, 47, 48, 49, 50]);
    } finally {
      await store.close();
    }
  });

  it('ends its thread when the store closes, also when the consumer never pulls again', async () => {
    const store = threaded();
    await store.append(
      's',
      Array.from({ length: 50 }, () => newEvent()),
    );
    const before = threads();
    const pages = store.scan({ after: 0, upTo: 50, pageSize: 5 })[Symbol.asyncIterator]();
    expect((await pages.next()).value).toHaveLength(5);
    expect(threads()).toBeGreaterThan(before);
    await store.close();
    for (let i = 0; i < 100 && threads() > before; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(threads(), 'the reader thread is gone').toBe(before);
    await expect(pages.next()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('does not keep the process alive once abandoned: a script that takes a page and drops the scan exits', async () => {
    const script = fileURLToPath(new URL('../test-fixtures/scan-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, path.join(dir, `${randomUUID()}.db`)], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A hang is the failure: after a minute, the child is killed and the test reports it.
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    expect(output).toContain('took 5');
    expect(code, `the script did not exit by itself: ${output}`).toBe(0);
  }, 90_000);

  it('fails with EventStoreUnavailableError when the store closes under it', async () => {
    const store = threaded();
    await store.append(
      's',
      Array.from({ length: 20 }, () => newEvent()),
    );
    const pages = store.scan({ after: 0, upTo: 20, pageSize: 5 })[Symbol.asyncIterator]();
    expect((await pages.next()).value).toHaveLength(5);
    await store.close();
    await expect(pages.next()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(scanned(store, { after: 0, upTo: 20, pageSize: 5 })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });
});
