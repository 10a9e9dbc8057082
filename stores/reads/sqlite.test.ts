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
      await store.applyBatch(
        [{ kind: 'update', collection: 'labs', filter: { _id: 'l1' }, update: { $set: { v: 1 } }, upsert: true }],
        { name: 'p', position: 1 },
      );
      let ran = 0;
      const script = () => (ran += 1) > 0;
      await expect(store.find('labs', { $where: script })).rejects.toThrow();
      await expect(
        store.find('labs', { $expr: { $function: { body: script, args: [], lang: 'js' } } }),
      ).rejects.toThrow();
      await expect(
        store.applyBatch([{ kind: 'delete', collection: 'labs', filter: { $where: script } }], {
          name: 'p',
          position: 2,
        }),
      ).rejects.toThrow();
      expect(ran).toBe(0);
      expect(await store.count('labs')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('answers `_id` lookups and ranges from SQL alone exactly as mingo does (skip, limit, missing collection)', async () => {
    const store = openSqliteReadStore({ file: join(dir, 'ids.db') });
    try {
      const ids = ['org:2026-01-01', 'org:2026-01-02', 'org:2026-01-02;x', 'org:2026-01-03', 'other:2026-01-02'];
      await store.applyBatch(
        ids.map((_id, n) => ({
          kind: 'update',
          collection: 'days',
          filter: { _id },
          update: { $set: { n } },
          upsert: true,
        })),
        { name: 'p', position: 1 },
      );
      const range = { _id: { $gte: 'org:2026-01-02', $lt: 'org:2026-01-03' } };
      const viaMingo = { ...range, n: { $exists: true } }; // a second field: mingo checks every row
      const sorted = (docs: { _id: string }[]) => docs.map((doc) => doc._id).sort();
      expect(sorted(await store.find('days', range))).toEqual(sorted(await store.find('days', viaMingo)));
      expect(sorted(await store.find('days', range))).toEqual(['org:2026-01-02', 'org:2026-01-02;x']);
      expect(await store.findOne('days', { _id: 'org:2026-01-03' })).toEqual({ _id: 'org:2026-01-03', n: 3 });
      expect(await store.findOne('days', { _id: 'org:2026-01-04' })).toBeNull();
      expect(await store.find('days', { _id: { $in: ['org:2026-01-01', 'nope'] } })).toEqual([
        { _id: 'org:2026-01-01', n: 0 },
      ]);
      expect(await store.find('days', { _id: 'org:2026-01-01' }, { skip: 1 })).toEqual([]);
      expect(await store.find('days', { _id: { $gte: 'org' } }, { skip: 1, limit: 2 })).toHaveLength(2);
      expect(await store.find('days', { _id: { $gte: 'org' } }, { sort: { n: -1 }, limit: 1 })).toEqual([
        { _id: 'other:2026-01-02', n: 4 },
      ]);
      expect(await store.findOne('nowhere', { _id: 'a' })).toBeNull();
      expect(await store.find('nowhere', { _id: { $gte: 'a' } })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
