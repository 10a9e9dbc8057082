/**
 * Folding a batch's writes per document: what folds and what does not, and, over random
 * sequences applied to a real SQLite read store, the same documents folded or not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteOp } from '../../stores/reads/port.js';
import { openSqliteReadStore } from '../../stores/reads/sqlite.js';
import { combineWrites } from './combine.js';
import { pickWith, seededRandom } from './test-fixtures/random.js';

const up = (id: string, update: Record<string, unknown>, collection = 'days'): WriteOp => ({
  kind: 'update',
  collection,
  filter: { _id: id },
  update,
  upsert: true,
});

describe('combineWrites', () => {
  it('folds commuting updates of one document: sums, extremes, the first insert, the union', () => {
    const folded = combineWrites([
      up('a', {
        $inc: { n: 1, s: 60 },
        $min: { first: '10:00' },
        $max: { last: '10:00' },
        $setOnInsert: { day: 'mon' },
        $addToSet: { who: 7 },
      }),
      up('b', { $inc: { n: 1 } }),
      up('a', {
        $inc: { n: 1, s: 30 },
        $min: { first: '09:00' },
        $max: { last: '09:30' },
        $setOnInsert: { day: 'tue', extra: 1 },
        $addToSet: { who: 8 },
      }),
      up('a', { $inc: { n: 1 }, $addToSet: { who: 7 } }),
    ]);
    expect(folded).toEqual([
      up('a', {
        $inc: { n: 3, s: 90 },
        $min: { first: '09:00' },
        $max: { last: '10:00' },
        $setOnInsert: { day: 'mon' },
        $addToSet: { who: { $each: [7, 8] } },
      }),
      up('b', { $inc: { n: 1 } }),
    ]);
  });

  it('leaves alone what does not commute', () => {
    const set = {
      kind: 'update',
      collection: 'days',
      filter: { _id: 'a' },
      update: { $set: { name: 'x' } },
      upsert: true,
    } as const;
    const byField = {
      kind: 'update',
      collection: 'days',
      filter: { user: 7 },
      update: { $inc: { n: 1 } },
      multi: true,
    } as const;
    const cases: WriteOp[][] = [
      [up('a', { $inc: { n: 1 } }), set, up('a', { $inc: { n: 1 } })], // $set closes the document
      [up('a', { $inc: { n: 1 } }), byField, up('a', { $inc: { n: 1 } })], // any other filter closes all
      [up('a', { $inc: { n: 0.1 } }), up('a', { $inc: { n: 0.2 } })], // float sums depend on order
      [up('a', { $inc: { n: 1 } }), up('a', { $max: { n: 5 } })], // one path, two operators
      [up('a', { $inc: { 'n.x': 1 } }), up('a', { $inc: { n: 1 } })], // a path through another
      [
        up('a', { $inc: { n: 1 } }),
        { kind: 'update', collection: 'days', filter: { _id: 'a' }, update: { $inc: { n: 1 } }, upsert: false },
      ],
      [up('a', { $addToSet: { who: [1] } }), up('a', { $addToSet: { who: 2 } })], // not a primitive
      [
        up('a', { $inc: { n: 1 } }),
        { kind: 'delete', collection: 'days', filter: { _id: 'a' } },
        up('a', { $inc: { n: 1 } }),
      ],
    ];
    for (const ops of cases) expect(combineWrites(ops), JSON.stringify(ops)).toEqual(ops);
  });
});

describe('folded or not, the same documents', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-combine-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function randomOps(next: () => number, count: number): WriteOp[] {
    const pick = pickWith(next);
    const ops: WriteOp[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = pick(['a', 'b', 'c']);
      const roll = next();
      if (roll < 0.05)
        ops.push({
          kind: 'update',
          collection: 'docs',
          filter: { _id: id },
          update: { $set: { label: pick(['x', 'y']) } },
          upsert: true,
        });
      else if (roll < 0.08)
        ops.push({
          kind: 'update',
          collection: 'docs',
          filter: { label: 'x' },
          update: { $inc: { hits: 1 } },
          multi: true,
        });
      else if (roll < 0.1) ops.push({ kind: 'delete', collection: 'docs', filter: { _id: id } });
      else {
        const update: Record<string, Record<string, unknown>> = {};
        if (next() < 0.8) update.$inc = { n: pick([0, 1, 2, 60]), ...(next() < 0.3 ? { m: 1 } : {}) };
        if (next() < 0.5) update.$min = { first: pick(['08:00', '09:00', '10:00', 3]) };
        if (next() < 0.5) update.$max = { last: pick(['08:00', '09:00', '10:00', 3]) };
        if (next() < 0.5) update.$setOnInsert = { day: pick(['mon', 'tue']) };
        if (next() < 0.4) update.$addToSet = { who: pick([7, 8, 9]) };
        if (Object.keys(update).length === 0) update.$inc = { n: 1 };
        ops.push({ kind: 'update', collection: 'docs', filter: { _id: id }, update, upsert: next() < 0.9 });
      }
    }
    return ops;
  }

  it('over 200 random batches', async () => {
    const plain = openSqliteReadStore({ file: path.join(dir, 'plain.db') });
    const folded = openSqliteReadStore({ file: path.join(dir, 'folded.db') });
    try {
      const next = seededRandom(20261130);
      let foldedAway = 0;
      let plainPosition = 0;
      for (let batch = 1; batch <= 200; batch += 1) {
        const ops = randomOps(next, 1 + Math.floor(next() * 40));
        const combined = combineWrites(ops);
        foldedAway += ops.length - combined.length;
        // One op per transaction on one side, the folded batch at once on the other.
        // (Each transaction moves its checkpoint on: the store skips a position it has applied.)
        for (const op of ops) await plain.applyBatch([op], { name: 'plain', position: (plainPosition += 1) });
        await folded.applyBatch(combined, { name: 'folded', position: batch });
        const [want, got] = await Promise.all([
          plain.find('docs', {}, { sort: { _id: 1 } }),
          folded.find('docs', {}, { sort: { _id: 1 } }),
        ]);
        expect(got, `batch ${batch}: ${JSON.stringify(ops)}`).toEqual(want);
      }
      expect(foldedAway, 'the generator makes foldable batches').toBeGreaterThan(500);
    } finally {
      await plain.close();
      await folded.close();
    }
  });
});
