/** Conformance, part 1: update operators, upserts, multi updates and deletes. */
import { describe, expect, it } from 'vitest';
import { upsert, type ConformanceContext } from './conformance-context.js';

export function describeUpdateConformance(context: ConformanceContext): void {
  const { apply } = context;
  const get = (id: string, collection = 'items') => context.store().findOne(collection, { _id: id });

  describe('update operators', () => {
    it('$set sets top-level and dotted paths, creating parents and keeping siblings', async () => {
      await apply(upsert('items', 'a', { $set: { name: 'Ann', 'profile.city': 'Paris', flag: true } }));
      await apply(upsert('items', 'a', { $set: { 'profile.zip': '75001', name: 'Anne', 'deep.er.path': null } }));
      expect(await get('a')).toEqual({
        _id: 'a',
        name: 'Anne',
        flag: true,
        profile: { city: 'Paris', zip: '75001' },
        deep: { er: { path: null } },
      });
    });

    it('$setOnInsert applies only when the upsert inserts', async () => {
      await apply(upsert('items', 'a', { $setOnInsert: { created: 1, 'meta.by': 'first' }, $set: { v: 1 } }));
      await apply(upsert('items', 'a', { $setOnInsert: { created: 2, 'meta.by': 'second' }, $set: { v: 2 } }));
      expect(await get('a')).toEqual({ _id: 'a', created: 1, meta: { by: 'first' }, v: 2 });
    });

    it('$unset removes top-level and dotted fields and ignores missing ones', async () => {
      await apply(upsert('items', 'a', { $set: { a: 1, b: { c: 1, d: 2 }, e: 3 } }));
      await apply(upsert('items', 'a', { $unset: { a: '', 'b.c': 1, e: true, missing: '' } }));
      expect(await get('a')).toEqual({ _id: 'a', b: { d: 2 } });
    });

    it('$inc creates missing counters and adds to existing ones, dotted and fractional too', async () => {
      await apply(upsert('items', 'a', { $inc: { n: 2, 'stats.seconds': 1.5 } }));
      await apply(upsert('items', 'a', { $inc: { n: 3, 'stats.seconds': 1.5 } }));
      await apply(upsert('items', 'a', { $inc: { n: -10 } }));
      expect(await get('a')).toEqual({ _id: 'a', n: -5, stats: { seconds: 3 } });
    });

    it('$max and $min keep the larger or smaller value, for numbers and ISO strings', async () => {
      await apply(
        upsert('items', 'a', {
          $max: { high: 5, last: '2026-01-02T10:00:00Z' },
          $min: { low: 5, first: '2026-01-02T10:00:00Z' },
        }),
      );
      await apply(
        upsert('items', 'a', {
          $max: { high: 3, last: '2026-01-01T10:00:00Z' },
          $min: { low: 3, first: '2026-01-01T10:00:00Z' },
        }),
      );
      await apply(upsert('items', 'a', { $max: { high: 9 }, $min: { low: 7 } }));
      expect(await get('a')).toEqual({
        _id: 'a',
        high: 9,
        low: 3,
        last: '2026-01-02T10:00:00Z',
        first: '2026-01-01T10:00:00Z',
      });
    });

    it('$addToSet adds a value once, with $each, and objects by value', async () => {
      await apply(upsert('items', 'a', { $addToSet: { tags: 'a', members: { user_id: 1, role: 'owner' } } }));
      await apply(upsert('items', 'a', { $addToSet: { tags: 'a', members: { user_id: 1, role: 'owner' } } }));
      await apply(upsert('items', 'a', { $addToSet: { tags: { $each: ['b', 'a', 'c'] } } }));
      expect(await get('a')).toEqual({ _id: 'a', tags: ['a', 'b', 'c'], members: [{ user_id: 1, role: 'owner' }] });
    });

    it('$addToSet with $each adds a value repeated in $each once, on insert and on update', async () => {
      await apply(
        upsert('items', 'a', {
          $addToSet: { tags: { $each: ['x', 'x', 'y'] }, members: { $each: [{ id: 1 }, { id: 1 }] } },
        }),
      );
      await apply(
        upsert('items', 'a', {
          $addToSet: { tags: { $each: ['z', 'y', 'z'] }, members: { $each: [{ id: 2 }, { id: 1 }, { id: 2 }] } },
        }),
      );
      expect(await get('a')).toEqual({ _id: 'a', tags: ['x', 'y', 'z'], members: [{ id: 1 }, { id: 2 }] });
    });

    it('$pull removes equal values and values matching a condition', async () => {
      await apply(
        upsert('items', 'a', {
          $set: { tags: ['a', 'b', 'c', 'b'], scores: [1, 5, 9], members: [{ id: 1 }, { id: 2 }] },
        }),
      );
      await apply(
        upsert('items', 'a', { $pull: { tags: 'b', scores: { $gte: 5 }, members: { id: 2 }, missing: 'x' } }),
      );
      expect(await get('a')).toEqual({ _id: 'a', tags: ['a', 'c'], scores: [1], members: [{ id: 1 }] });
    });

    it('keeps JSON values intact: unicode, floats, booleans, null, nested arrays', async () => {
      const value = {
        text: 'héllo – 日本 😀',
        float: 0.1 + 0.2,
        yes: true,
        no: false,
        none: null,
        grid: [[1, 2], [{ x: 'y' }]],
      };
      await apply(upsert('items', 'a', { $set: value }));
      expect(await get('a')).toEqual({ _id: 'a', ...value });
    });
  });

  describe('upserts', () => {
    it('an update without upsert on a missing document changes nothing', async () => {
      await apply({ kind: 'update', collection: 'items', filter: { _id: 'ghost' }, update: { $set: { v: 1 } } });
      await apply({ kind: 'update', collection: 'items', filter: { owner: 'ghost' }, update: { $set: { v: 1 } } });
      expect(await context.store().count('items')).toBe(0);
    });

    it('an upsert by other fields seeds the new document with the filter equalities', async () => {
      const op = {
        kind: 'update' as const,
        collection: 'days',
        upsert: true,
        filter: { user_id: 7, date: { $eq: '2026-01-05' }, 'scope.org': 'o1' },
        update: { $inc: { seconds: 60 } },
      };
      await apply(op);
      await apply(op);
      const days = await context.store().find('days');
      expect(days).toHaveLength(1);
      expect(days[0]).toMatchObject({ user_id: 7, date: '2026-01-05', scope: { org: 'o1' }, seconds: 120 });
      expect(typeof days[0]!._id).toBe('string');
    });
  });

  describe('multi updates and deletes', () => {
    const fixture = async () => {
      for (const [id, org] of [
        ['p1', 'o1'],
        ['p2', 'o1'],
        ['p3', 'o1'],
        ['p4', 'o2'],
      ] as const) {
        await apply(upsert('projects', id, { $set: { org, archived: false } }));
      }
    };
    const archived = async () =>
      (await context.store().find('projects', { archived: true }, { sort: { _id: 1 } })).map((d) => d._id);

    it('multi updates every match, a single update exactly one', async () => {
      await fixture();
      await apply({
        kind: 'update',
        collection: 'projects',
        filter: { org: 'o2' },
        update: { $set: { archived: true } },
      });
      expect(await archived()).toEqual(['p4']);
      await apply({
        kind: 'update',
        collection: 'projects',
        filter: { org: 'o1' },
        update: { $set: { archived: true } },
        multi: true,
      });
      expect(await archived()).toEqual(['p1', 'p2', 'p3', 'p4']);
      await apply({
        kind: 'update',
        collection: 'projects',
        filter: { org: 'o1' },
        update: { $set: { archived: false } },
      });
      expect(await archived()).toHaveLength(3);
    });

    it('deletes by _id, one by filter, and many by filter', async () => {
      await fixture();
      await apply({ kind: 'delete', collection: 'projects', filter: { _id: 'p4' } });
      await apply({ kind: 'delete', collection: 'projects', filter: { _id: 'nobody' } });
      expect(await context.store().count('projects')).toBe(3);
      await apply({ kind: 'delete', collection: 'projects', filter: { org: 'o1' } });
      expect(await context.store().count('projects')).toBe(2);
      await apply({ kind: 'delete', collection: 'projects', filter: { org: 'o1' }, multi: true });
      expect(await context.store().count('projects')).toBe(0);
      await apply({ kind: 'delete', collection: 'nothing_here', filter: { org: 'o1' }, multi: true });
    });
  });

  describe('many ops on one document in one batch', () => {
    it('applies them in order, by _id and by filter alike', async () => {
      await apply(
        upsert('items', 'x', { $set: { v: 1, status: 'new' } }),
        ...Array.from({ length: 100 }, () => upsert('items', 'x', { $inc: { n: 1 } })),
        upsert('items', 'x', { $set: { v: 2 } }),
        {
          kind: 'update',
          collection: 'items',
          filter: { status: 'new' },
          update: { $set: { status: 'seen' } },
          multi: true,
        },
        upsert('items', 'x', { $inc: { n: 1 }, $max: { v: 5 } }),
        upsert('items', 'y', { $set: { status: 'new' } }),
        { kind: 'delete', collection: 'items', filter: { status: 'new' }, multi: true },
        upsert('items', 'z', { $set: { v: 1 } }),
        { kind: 'delete', collection: 'items', filter: { _id: 'z' } },
        upsert('items', 'z', { $setOnInsert: { again: true } }),
      );
      expect(await context.store().find('items', {}, { sort: { _id: 1 } })).toEqual([
        { _id: 'x', v: 5, status: 'seen', n: 101 },
        { _id: 'z', again: true },
      ]);
    });
  });
}
