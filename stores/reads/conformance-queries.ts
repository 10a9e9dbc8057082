/** Conformance, part 2: filters (with and without indexes), sort, skip/limit, count, collections. */
import { describe, expect, it } from 'vitest';
import { upsert, type ConformanceContext } from './conformance-context.js';
import type { Filter, IndexSpec } from './port.js';

const TASKS = [
  { _id: 't1', status: 'open', points: 3, due: '2026-01-10', owner: { id: 1, name: 'ann' }, tags: ['ui', 'bug'] },
  { _id: 't2', status: 'done', points: 8, due: '2026-02-01', owner: { id: 2, name: 'bob' }, tags: ['api'] },
  { _id: 't3', status: 'open', points: 5.5, due: '2025-12-31', owner: { id: 1, name: 'ann' }, tags: [] },
  { _id: 't4', status: 'blocked', points: 1, owner: { id: 3, name: 'cy' }, tags: ['bug'] },
  { _id: 't5', status: ['open', 'review'], points: '7', due: '2026-01-20', owner: { id: 2, name: 'bob' }, tags: 'bug' },
];

/** Each filter and the ids it must match, as MongoDB answers. */
const FILTERS: Array<[Filter, string[]]> = [
  [{}, ['t1', 't2', 't3', 't4', 't5']],
  [{ status: 'open' }, ['t1', 't3', 't5']],
  [{ status: { $eq: 'done' } }, ['t2']],
  [{ status: { $in: ['done', 'blocked'] } }, ['t2', 't4']],
  [{ status: { $ne: 'open' } }, ['t2', 't4']],
  [{ points: 3 }, ['t1']],
  [{ points: { $gt: 3 } }, ['t2', 't3']],
  [{ points: { $gte: 3, $lt: 8 } }, ['t1', 't3']],
  [{ points: { $in: [1, 8, '7'] } }, ['t2', 't4', 't5']],
  [{ due: { $lt: '2026-01-15' } }, ['t1', 't3']],
  [{ due: { $gte: '2026-01-01', $lte: '2026-01-31' } }, ['t1', 't5']],
  [{ due: { $exists: false } }, ['t4']],
  [{ 'owner.id': 1 }, ['t1', 't3']],
  [{ 'owner.name': { $in: ['bob', 'cy'] } }, ['t2', 't4', 't5']],
  [{ tags: 'bug' }, ['t1', 't4', 't5']],
  [{ tags: { $in: ['api', 'ui'] } }, ['t1', 't2']],
  [{ tags: { $size: 0 } }, ['t3']],
  [{ $or: [{ status: 'done' }, { points: { $lt: 2 } }] }, ['t2', 't4']],
  [{ $and: [{ status: 'open' }, { points: { $gt: 4 } }] }, ['t3']],
  [{ status: 'open', 'owner.id': 2 }, ['t5']],
  [{ _id: { $in: ['t2', 't4', 'nope'] } }, ['t2', 't4']],
  [{ _id: { $gt: 't2', $lt: 't5' } }, ['t3', 't4']],
  [{ _id: 't3', status: 'done' }, []],
];

const INDEXES: IndexSpec[] = [
  { keys: { status: 1 } },
  { keys: { points: -1, due: 1 } },
  { keys: { due: 1 } },
  { keys: { tags: 1 }, name: 'by_tag' },
  { keys: { 'owner.id': 1, status: 1 } },
];

export function describeQueryConformance(context: ConformanceContext): void {
  const store = () => context.store();
  const seed = () => context.apply(...TASKS.map(({ _id, ...fields }) => upsert('tasks', _id, { $set: fields })));
  const ids = async (filter: Filter) =>
    (await store().find('tasks', filter, { sort: { _id: 1 } })).map((doc) => doc._id);

  describe('filters', () => {
    it.each(FILTERS.map(([filter, expected]) => [JSON.stringify(filter), filter, expected] as const))(
      'find %s',
      async (_label, filter, expected) => {
        await seed();
        expect(await ids(filter)).toEqual(expected);
        expect(await store().count('tasks', filter)).toBe(expected.length);
      },
    );

    it('answers the same with indexes on the filtered fields (arrays included)', async () => {
      await seed();
      await store().ensureIndexes('tasks', INDEXES);
      for (const [filter, expected] of FILTERS) {
        expect({ filter, ids: await ids(filter) }).toEqual({ filter, ids: expected });
      }
    });
  });

  describe('sort, skip, limit, findOne, count', () => {
    it('sorts on several keys, ascending and descending, missing fields first when ascending', async () => {
      await seed();
      const byStatus = await store().find('tasks', { _id: { $ne: 't5' } }, { sort: { status: 1, points: -1 } });
      expect(byStatus.map((d) => d._id)).toEqual(['t4', 't2', 't3', 't1']);
      const byDue = await store().find('tasks', {}, { sort: { due: -1 } });
      expect(byDue.map((d) => d._id)).toEqual(['t2', 't5', 't1', 't3', 't4']);
      const byOwner = await store().find('tasks', {}, { sort: { 'owner.name': 1, _id: -1 } });
      expect(byOwner.map((d) => d._id)).toEqual(['t3', 't1', 't5', 't2', 't4']);
    });

    it('skips then limits, after sorting', async () => {
      await seed();
      const page = await store().find(
        'tasks',
        { points: { $type: 'number' } },
        { sort: { points: 1 }, skip: 1, limit: 2 },
      );
      expect(page.map((d) => d._id)).toEqual(['t1', 't3']);
      expect(await store().find('tasks', {}, { sort: { _id: 1 }, skip: 4, limit: 10 })).toHaveLength(1);
      expect(await store().find('tasks', {}, { limit: 2 })).toHaveLength(2);
    });

    it('findOne returns a match or null; count and find accept missing collections', async () => {
      await seed();
      expect(await store().findOne('tasks', { status: 'done' })).toMatchObject({ _id: 't2', points: 8 });
      expect(await store().findOne('tasks', { status: 'nope' })).toBeNull();
      expect(await store().count('tasks')).toBe(5);
      expect(await store().count('no_such_collection')).toBe(0);
      expect(await store().find('no_such_collection', { a: 1 })).toEqual([]);
      expect(await store().findOne('no_such_collection', { _id: 'a' })).toBeNull();
    });

    it('rejects collection names outside [a-z0-9_]', async () => {
      await expect(store().find('Tasks')).rejects.toThrow();
      await expect(store().find('tasks; DROP TABLE x')).rejects.toThrow();
      await expect(context.apply(upsert('a.b', 'x', { $set: { v: 1 } }))).rejects.toThrow();
    });
  });

  describe('indexes and collections', () => {
    it('ensureIndexes is idempotent and a unique index rejects a duplicating batch', async () => {
      await seed();
      const indexes: IndexSpec[] = [...INDEXES, { keys: { email: 1 }, unique: true, name: 'email_unique' }];
      await store().ensureIndexes('users', indexes);
      await store().ensureIndexes('users', indexes);
      await store().ensureIndexes('tasks', INDEXES);
      await store().ensureIndexes('tasks', INDEXES);
      await context.apply(upsert('users', 'u1', { $set: { email: 'a@x.io' } }));
      const checkpoint = await store().checkpoint('test');
      await expect(context.apply(upsert('users', 'u2', { $set: { email: 'a@x.io' } }))).rejects.toThrow();
      expect(await store().count('users')).toBe(1);
      expect(await store().checkpoint('test')).toBe(checkpoint);
    });

    it('lists collections, optionally by prefix, and drops them', async () => {
      for (const collection of ['nexa_labs', 'nexa_researchers', 'cc_days']) {
        await context.apply(upsert(collection, 'a', { $set: { v: 1 } }));
      }
      expect(await store().listCollections()).toEqual(['cc_days', 'nexa_labs', 'nexa_researchers']);
      expect(await store().listCollections('nexa_')).toEqual(['nexa_labs', 'nexa_researchers']);
      expect(await store().listCollections('zzz')).toEqual([]);
      await store().dropCollection('nexa_labs');
      await store().dropCollection('never_existed');
      expect(await store().listCollections('nexa_')).toEqual(['nexa_researchers']);
      expect(await store().find('nexa_labs')).toEqual([]);
      await context.apply(upsert('nexa_labs', 'b', { $set: { v: 2 } }));
      expect(await store().find('nexa_labs')).toEqual([{ _id: 'b', v: 2 }]);
    });
  });
}
