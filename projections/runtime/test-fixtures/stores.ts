/**
 * Real SQLite stores in a fresh temp dir, for the runtime's tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventStore } from '../../../stores/events/port.js';
import { openSqliteEventStore } from '../../../stores/events/sqlite.js';
import type { ReadStore } from '../../../stores/reads/port.js';
import { openSqliteReadStore } from '../../../stores/reads/sqlite.js';
import type { Logger } from '../logger.js';

export interface TempStores {
  dir: string;
  events: EventStore;
  reads: ReadStore;
  /** Another connection to the same event log (a second writer). */
  openEvents(): EventStore;
  close(): Promise<void>;
}

export function storeFiles(dir: string): { events: string; reads: string } {
  return { events: path.join(dir, 'events.db'), reads: path.join(dir, 'reads.db') };
}

export function openTempStores(): TempStores {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-projections-'));
  const files = storeFiles(dir);
  const extra: EventStore[] = [];
  const events = openSqliteEventStore({ file: files.events, pollIntervalMs: 20 });
  const reads = openSqliteReadStore({ file: files.reads });
  return {
    dir,
    events,
    reads,
    openEvents() {
      const store = openSqliteEventStore({ file: files.events, pollIntervalMs: 20 });
      extra.push(store);
      return store;
    },
    async close() {
      for (const store of extra) await store.close();
      await events.close();
      await reads.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it gives a value other than undefined, null or false; fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A logger that keeps what it is told. */
export function recordingLogger(): Logger & { entries: Array<{ level: string; details: object; message?: string }> } {
  const entries: Array<{ level: string; details: object; message?: string }> = [];
  const at = (level: string) => (details: object, message?: string) => {
    entries.push({ level, details, ...(message === undefined ? {} : { message }) });
  };
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}
