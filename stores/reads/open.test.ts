import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openReadStore } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'atlas-open-reads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openReadStore', () => {
  it('opens the embedded store at <dataDir>/reads.db when MONGO_URL is unset or empty', async () => {
    for (const [i, MONGO_URL] of [undefined, ''].entries()) {
      const dataDir = join(dir, `data-${i}`, 'nested');
      const store = await openReadStore({ dataDir, MONGO_URL });
      try {
        expect(store.kind).toBe('sqlite');
        await store.applyBatch(
          [
            {
              kind: 'update',
              collection: 'labs',
              filter: { _id: 'l1' },
              update: { $set: { name: 'Lab' } },
              upsert: true,
            },
          ],
          { name: 'p', position: 1 },
        );
        expect(existsSync(join(dataDir, 'reads.db'))).toBe(true);
      } finally {
        await store.close();
      }
      const reopened = await openReadStore({ dataDir });
      expect(await reopened.findOne('labs', { _id: 'l1' })).toEqual({ _id: 'l1', name: 'Lab' });
      await reopened.close();
    }
  });

  it('refuses a MONGO_URL that is not a mongodb URL', async () => {
    await expect(openReadStore({ dataDir: dir, MONGO_URL: 'http://localhost:27017' })).rejects.toThrow(/mongodb/);
  });
});
