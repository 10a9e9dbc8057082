import { describe, expect, it } from 'vitest';
import { filterQuery } from './filter-query.js';

describe('filterQuery', () => {
  it('compiles a plain JSON filter once and answers like a fresh compile', () => {
    const filter = { _id: 'org:2026-01-01', member_ids: { $ne: 7 } };
    const query = filterQuery(filter);
    expect(filterQuery({ _id: 'org:2026-01-01', member_ids: { $ne: 7 } })).toBe(query);
    expect(query.test({ _id: 'org:2026-01-01', member_ids: [1, 2] })).toBe(true);
    expect(query.test({ _id: 'org:2026-01-01', member_ids: [7] })).toBe(false);
  });

  it('keeps its own copy: changing the filter afterwards changes nothing', () => {
    const filter: Record<string, unknown> = { status: 'open' };
    const query = filterQuery(filter);
    filter.status = 'done';
    expect(query.test({ status: 'open' })).toBe(true);
    expect(filterQuery(filter).test({ status: 'done' })).toBe(true);
  });

  it('never takes a filter that is not plain JSON for another whose JSON is the same', () => {
    const day = new Date('2026-01-01T00:00:00.000Z');
    expect(filterQuery({ at: day })).not.toBe(filterQuery({ at: day.toISOString() }));
    expect(filterQuery({ name: /^a/ }).test({ name: 'ada' })).toBe(true);
    expect(filterQuery({ name: /^b/ }).test({ name: 'ada' })).toBe(false); // a RegExp stringifies to {}
    expect(filterQuery({ name: undefined }).test({ name: 'ada' })).toBe(
      filterQuery({ name: undefined }).test({ name: 'ada' }),
    );
    expect(filterQuery({ n: Number.NaN })).not.toBe(filterQuery({ n: null }));
  });
});
