/**
 * Picks the EventStore adapter from the settings: EventStoreDB when ESDB_URL is set, else the
 * embedded SQLite log at `<dataDir>/events.db` (design §2: a newcomer needs no server).
 */
import path from 'node:path';
import { openEsdbEventStore } from './esdb.js';
import type { EventStore } from './port.js';
import { openSqliteEventStore } from './sqlite.js';

export interface EventStoreSettings {
  dataDir: string;
  ESDB_URL?: string;
}

export function openEventStore(settings: EventStoreSettings): EventStore {
  if (settings.ESDB_URL) return openEsdbEventStore({ url: settings.ESDB_URL });
  return openSqliteEventStore({ file: path.join(settings.dataDir, 'events.db') });
}
