import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeReadStoreConformance } from './conformance.js';
import { openSqliteReadStore } from './sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'atlas-reads-'));
let opened = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeReadStoreConformance('sqlite', async () => openSqliteReadStore({ file: join(dir, `reads-${++opened}.db`) }));

describe('sqlite read store: embedded specifics', () => {
  it('never runs JavaScript from a filter ($where, $function)', async () => {
    const store = openSqliteReadStore({ file: join(dir, 'scripts.db') });
    try {
      await store.applyBatch([{ kind: 'update', collection: 'labs', filter: { _id: 'l1' }, update: { $set: { v: 1 } }, upsert: true }], { name: 'p', position: 1 });
      let ran = 0;
      const script = () => (ran += 1) > 0;
      await expect(store.find('labs', { $where: script })).rejects.toThrow();
      await expect(store.find('labs', { $expr: { $function: { body: script, args: [], lang: 'js' } } })).rejects.toThrow();
      await expect(store.applyBatch([{ kind: 'delete', collection: 'labs', filter: { $where: script } }], { name: 'p', position: 2 })).rejects.toThrow();
      expect(ran).toBe(0);
      expect(await store.count('labs')).toBe(1);
    } finally {
      await store.close();
    }
  });
});
