/** For tests: a real SQLite event store in a fresh temp dir, removed again by `dispose`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteEventStore } from '../stores/events/sqlite.js';
import type { EventStore } from '../stores/events/port.js';

export interface TempEventStore {
  store: EventStore;
  file: string;
  dispose(): Promise<void>;
}

export function openTempEventStore(): TempEventStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-write-'));
  const file = path.join(dir, 'events.sqlite');
  const store = openSqliteEventStore({ file });
  return {
    store,
    file,
    async dispose() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
