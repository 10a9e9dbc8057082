import { describe, expect, it } from 'vitest';
import { applyUpdate, UpdateRejected, upsertSeed } from './document-update.js';
import type { Doc, UpdateDoc } from './port.js';

const doc = (): Doc => ({ _id: 'a', text: 'x', nothing: null, n: 1, list: [1, 2], nested: { deep: 'y' } });

describe('applyUpdate', () => {
  it.each<[string, UpdateDoc]>([
    ['$inc on a string', { $inc: { text: 1 } }],
    ['$inc on null', { $inc: { nothing: 1 } }],
    ['$inc by a non-number', { $inc: { n: '1' as unknown as number } }],
    ['$addToSet on a scalar', { $addToSet: { text: 'z' } }],
    ['$pull on a scalar', { $pull: { n: 1 } }],
    ['a field under a string', { $set: { 'text.sub': 1 } }],
    ['a field under null', { $max: { 'nothing.sub': 1 } }],
    ['a named field in an array', { $set: { 'list.name': 1 } }],
    ['a positional path', { $set: { 'list.$': 1 } }],
    ['an empty segment', { $set: { 'nested..deep': 1 } }],
    ['a changed _id', { $set: { _id: 'b' } }],
    ['two operators on one path', { $set: { n: 2 }, $min: { n: 0 } }],
    ['a path and its parent', { $set: { nested: {} }, $unset: { 'nested.deep': '' } }],
    ['an unsupported operator', { $rename: { n: 'm' } } as UpdateDoc],
    ['no operator at all', {}],
  ])('rejects %s, as MongoDB does, before changing anything', (_label, update) => {
    const target = doc();
    expect(() => applyUpdate(target, update, false)).toThrow(UpdateRejected);
    expect(target).toEqual(doc());
  });

  it('writes into array elements by index and keeps the same _id', () => {
    const target = doc();
    applyUpdate(target, { $set: { _id: 'a', 'list.1': 5 }, $inc: { 'list.0': 1 } }, false);
    expect(target.list).toEqual([2, 5]);
  });

  it('applies $setOnInsert only when inserting', () => {
    const target = doc();
    applyUpdate(target, { $setOnInsert: { 'text.sub': 1 } }, false); // ignored, so not refused either
    expect(target).toEqual(doc());
    applyUpdate(target, { $setOnInsert: { created: true } }, true);
    expect(target.created).toBe(true);
  });

  it("never shares objects with the update, so later ops cannot change the caller's values", () => {
    const members = ['ann'];
    const target = doc();
    applyUpdate(target, { $set: { team: { members } } }, false);
    applyUpdate(target, { $addToSet: { 'team.members': 'bob' } }, false);
    expect(members).toEqual(['ann']);
    expect(target.team).toEqual({ members: ['ann', 'bob'] });
  });
});

describe('upsertSeed', () => {
  it('takes the equalities of the filter, inside $and and through $eq and dotted paths', () => {
    expect(
      upsertSeed({
        user_id: 7,
        'scope.org': 'o1',
        day: { $eq: '2026-01-05' },
        $and: [{ kind: 'daily' }, { seconds: { $gt: 0 } }],
        $or: [{ ignored: 1 }],
        range: { $gte: 1 },
        tags: ['a'],
      }),
    ).toEqual({ user_id: 7, scope: { org: 'o1' }, day: '2026-01-05', kind: 'daily', tags: ['a'] });
  });
});

describe('applyUpdate on field names that objects inherit', () => {
  it('treats constructor or toString as ordinary missing fields', () => {
    const target: Doc = { _id: 'a' };
    applyUpdate(target, { $inc: { constructor: 2 }, $max: { 'toString.x': 1 } }, false);
    expect(target).toEqual({ _id: 'a', constructor: 2, toString: { x: 1 } });
  });
});
