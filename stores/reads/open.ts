/**
 * Chooses the ReadStore adapter from the settings (design §2): MongoDB when `MONGO_URL` is set,
 * else the embedded SQLite store at `<dataDir>/reads.db`, so that trying Atlas needs no server.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { openMongoReadStore } from './mongodb.js';
import type { ReadStore } from './port.js';
import { openSqliteReadStore } from './sqlite.js';

const ReadStoreSettings = z.object({
  dataDir: z.string().min(1),
  // An empty MONGO_URL (as docker compose env files often leave it) means "not set".
  MONGO_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URL')
      .optional(),
  ),
});

export async function openReadStore(settings: { dataDir: string; MONGO_URL?: string }): Promise<ReadStore> {
  const { dataDir, MONGO_URL } = ReadStoreSettings.parse(settings);
  if (MONGO_URL) return openMongoReadStore({ url: MONGO_URL });
  mkdirSync(dataDir, { recursive: true });
  return openSqliteReadStore({ file: join(dataDir, 'reads.db') });
}
