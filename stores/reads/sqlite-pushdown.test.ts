import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Filter } from './port.js';
import { exactOnId, pushdown } from './sqlite-pushdown.js';
import { SqliteCollections } from './sqlite-tables.js';

const dir = mkdtempSync(join(tmpdir(), 'atlas-pushdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = new Database(join(dir, 'plan.db'));
const collections = new SqliteCollections(db);
collections.createIndexes('tasks', [
  { keys: { status: 1 } },
  { keys: { due: 1, status: -1 } },
  { keys: { 'owner.id': 1 } },
]);
const TABLE = '"coll_tasks"';

function plan(filter: Filter): { where: string; plan: string } {
  const { where, params } = pushdown(filter, collections.indexedFields('tasks'), TABLE);
  const rows = db.prepare(`EXPLAIN QUERY PLAN SELECT _id, doc FROM ${TABLE} WHERE ${where}`).all(...params) as Array<{
    detail: string;
  }>;
  return { where, plan: rows.map((row) => row.detail).join(' | ') };
}

describe('sqlite pushdown', () => {
  it('knows the leading top-level fields of the indexes', () => {
    expect([...collections.indexedFields('tasks')].sort()).toEqual(['due', 'status']);
  });

  it.each([
    [{ status: 'open' }, 'ix:tasks:status_1'],
    [{ status: { $in: ['open', 'done'] } }, 'ix:tasks:status_1'],
    [{ due: { $gte: '2026-01-01', $lt: '2026-02-01' } }, 'ix:tasks:due_1_status_-1'],
    [{ due: { $gt: '2026-01-01' }, status: 'open', title: 'x' }, 'ix:tasks:status_1'],
  ])('uses the index of %j, plus the partial index of array values', (filter, index) => {
    const { plan: detail } = plan(filter);
    expect(detail).toContain(`INDEX ${index} (<expr>`);
    expect(detail).toMatch(/INDEX ix:tasks:(status|due):arrays/);
    expect(detail).not.toMatch(/SCAN coll_tasks(?! USING)/);
  });

  it('uses the primary key for _id', () => {
    expect(plan({ _id: 't1', status: 'open' }).plan).toContain('sqlite_autoindex_coll_tasks_1 (_id=?)');
    expect(plan({ _id: { $in: ['a', 'b'] } }).plan).toContain('sqlite_autoindex_coll_tasks_1 (_id=?)');
  });

  it('leaves to mingo what it cannot widen safely', () => {
    for (const filter of [
      { title: 'x' }, // not indexed
      { 'owner.id': 1 }, // dotted: an array on the way would hide matches from json_extract
      { status: { $ne: 'open' } },
      { status: true }, // json_extract gives 0/1 for booleans
      { due: { $gt: 'é' } }, // UTF-8 and UTF-16 orders differ beyond ASCII
      { $or: [{ status: 'open' }] },
      { _id: 5 },
    ] as Filter[]) {
      expect({ filter, where: plan(filter).where }).toEqual({ filter, where: '1' });
    }
  });
});

describe('exactOnId: when SQL alone answers a filter', () => {
  it.each([
    [{ _id: 'a' }, true],
    [{ _id: { $eq: 'a' } }, true],
    [{ _id: { $gte: 'org:2026-01-01', $lt: 'org:2026-01-08' } }, true],
    [{ _id: { $in: ['a', 'b'] } }, true],
    [{ _id: { $gte: 'é' } }, false], // non-ASCII bounds are left to mingo
    [{ _id: { $ne: 'a' } }, false],
    [{ _id: { $gte: 'a', $ne: 'b' } }, false],
    [{ _id: 'a', status: 'open' }, false],
    [{ status: 'open' }, false],
    [{ _id: 5 }, false],
    [{}, false],
  ])('%j → %s', (filter, exact) => {
    expect(exactOnId(filter)).toBe(exact);
  });
});
