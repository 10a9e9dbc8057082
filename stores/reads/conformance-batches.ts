/** Conformance, part 3: checkpoints, and batches applied all or nothing, exactly once. */
import { describe, expect, it } from 'vitest';
import { upsert, type ConformanceContext } from './conformance-context.js';
import type { WriteOp } from './port.js';

export function describeBatchConformance(context: ConformanceContext): void {
  const store = () => context.store();
  const counters = async () => (await store().find('counters', {}, { sort: { _id: 1 } })).map(({ _id, n }) => [_id, n]);
  const bump = (id: string, n = 1): WriteOp => upsert('counters', id, { $inc: { n } });

  describe('checkpoints', () => {
    it('start at 0, move with each batch, are listed, and can be deleted', async () => {
      expect(await store().checkpoint('nexacore')).toBe(0);
      await store().applyBatch([bump('a')], { name: 'nexacore', position: 41 });
      await store().applyBatch([], { name: 'scoresquad', position: 7 });
      expect(await store().checkpoint('nexacore')).toBe(41);
      const listed = await store().checkpoints();
      expect(listed.map(({ name, position }) => ({ name, position }))).toEqual([
        { name: 'nexacore', position: 41 },
        { name: 'scoresquad', position: 7 },
      ]);
      for (const checkpoint of listed)
        expect(new Date(checkpoint.updated_at).toISOString()).toBe(checkpoint.updated_at);
      await store().deleteCheckpoint('nexacore');
      expect(await store().checkpoint('nexacore')).toBe(0);
      expect(await store().checkpoint('scoresquad')).toBe(7);
    });

    it('keeps checkpoints of different projections independent', async () => {
      await store().applyBatch([bump('a')], { name: 'p1', position: 100 });
      await store().applyBatch([bump('b')], { name: 'p2', position: 1 });
      expect(await counters()).toEqual([
        ['a', 1],
        ['b', 1],
      ]);
      expect(await store().checkpoint('p2')).toBe(1);
    });
  });

  describe('batches', () => {
    it('a batch with an op that fails leaves neither rows nor checkpoint changed', async () => {
      await context.apply(bump('a'), upsert('counters', 'label', { $set: { n: 'text' } }));
      const before = await counters();
      const checkpoint = await store().checkpoint('test');
      await expect(
        context.apply(
          bump('a', 5),
          bump('fresh'),
          { kind: 'delete', collection: 'counters', filter: { _id: 'a' } },
          upsert('other', 'x', { $set: { v: 1 } }),
          bump('label'), // $inc on a string: MongoDB refuses it
        ),
      ).rejects.toThrow();
      expect(await counters()).toEqual(before);
      expect(await store().find('other')).toEqual([]);
      expect(await store().checkpoint('test')).toBe(checkpoint);
      // The store is still usable, and the next batch at the same position applies.
      await store().applyBatch([bump('a')], { name: 'test', position: checkpoint + 1 });
      expect(await counters()).toEqual([
        ['a', 2],
        ['label', 'text'],
      ]);
    });

    it('refuses conflicting paths in one update, as MongoDB does', async () => {
      await expect(context.apply(upsert('counters', 'a', { $set: { n: 1 }, $inc: { n: 1 } }))).rejects.toThrow();
      await expect(context.apply(upsert('counters', 'a', { $set: { 'stats.n': 1, stats: {} } }))).rejects.toThrow();
      expect(await counters()).toEqual([]);
    });

    it('ignores a batch at or below the stored checkpoint', async () => {
      await store().applyBatch([bump('a')], { name: 'test', position: 5 });
      await store().applyBatch([bump('a')], { name: 'test', position: 5 });
      await store().applyBatch([bump('a'), bump('b')], { name: 'test', position: 3 });
      expect(await counters()).toEqual([['a', 1]]);
      expect(await store().checkpoint('test')).toBe(5);
    });

    it('re-applying the same batches after a crash changes nothing', async () => {
      const batches = Array.from({ length: 5 }, (_, i) => ({
        ops: [
          bump('a', i + 1),
          bump(`b${i}`),
          { kind: 'delete', collection: 'counters', filter: { _id: `b${i - 1}` } } as WriteOp,
        ],
        position: 10 * (i + 1),
      }));
      for (const batch of batches) await store().applyBatch(batch.ops, { name: 'test', position: batch.position });
      const after = await counters();
      expect(after).toEqual([
        ['a', 15],
        ['b4', 1],
      ]);
      // A projector that crashed before saving its in-memory position replays from an older one.
      for (const batch of batches.slice(2))
        await store().applyBatch(batch.ops, { name: 'test', position: batch.position });
      expect(await counters()).toEqual(after);
      expect(await store().checkpoint('test')).toBe(50);
    });

    it('applies a large batch touching a few hundred documents', async () => {
      const ops = Array.from({ length: 2000 }, (_, i) => bump(`c${String(i % 300).padStart(3, '0')}`, 1));
      await context.apply(...ops);
      const all = await counters();
      expect(all).toHaveLength(300);
      expect(all.reduce((sum, [, n]) => sum + (n as number), 0)).toBe(2000);
      expect(await store().count('counters', { n: 7 })).toBe(200);
    });
  });
}
