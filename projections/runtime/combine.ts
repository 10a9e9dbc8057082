/**
 * Folds the writes of one batch that land on the same document into one write, where the store
 * would end with the same document either way. A rollup projection writes the same few documents
 * thousands of times per batch (a user's day, an organization's day); folded, the store applies
 * one update per document instead of one per event, and a server store gets one round trip.
 *
 * Only writes that commute are folded: updates filtered on `_id` alone, with the same `upsert`,
 * using only these operators, none of them on a path another operator of the pair touches:
 *
 * | operator       | folded as                                                            |
 * |----------------|----------------------------------------------------------------------|
 * | `$inc`         | the sum (safe integers only: float sums depend on the order)         |
 * | `$min`, `$max` | the extreme, in MongoDB's order across types (mingo's `compare`)      |
 * | `$setOnInsert` | the first write's: the second never inserts, the document exists    |
 * | `$addToSet`    | `{$each: [...]}` of both, for primitive values                       |
 *
 * Anything else on a document (`$set`, a delete) closes that document's open write and stands as
 * it is; a write with any other filter may read any document, so it closes them all. Pure.
 */
import { compare } from 'mingo/util';
import type { UpdateDoc, WriteOp } from '../../stores/reads/port.js';

type Update = Extract<WriteOp, { kind: 'update' }>;
type Operator = '$inc' | '$min' | '$max' | '$setOnInsert' | '$addToSet';
const FOLDABLE: ReadonlySet<string> = new Set<Operator>(['$inc', '$min', '$max', '$setOnInsert', '$addToSet']);

type Primitive = string | number | boolean | null;
const isPrimitive = (value: unknown): value is Primitive =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** The values an `$addToSet` adds, or null when they are not all primitives. */
function addedValues(value: unknown): Primitive[] | null {
  if (isPrimitive(value)) return [value];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const each = (value as { $each?: unknown }).$each;
    if (keys.length === 1 && Array.isArray(each) && each.every(isPrimitive)) return each;
  }
  return null;
}

/** The document a write names by `_id` alone, when it is a foldable update. */
function foldKey(op: WriteOp): string | null {
  if (op.kind !== 'update' || op.multi) return null;
  const keys = Object.keys(op.filter);
  const id = op.filter._id;
  if (keys.length !== 1 || typeof id !== 'string') return null;
  for (const [operator, fields] of Object.entries(op.update)) {
    if (!FOLDABLE.has(operator) || fields === null || typeof fields !== 'object') return null;
  }
  return `${op.collection}\u0000${id}`;
}

/** Whether two paths are the same, or one runs through the other (`a` and `a.b`). */
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** `a` then `b` as one update, or null when they do not fold. */
function fold(a: Update, b: Update): Update | null {
  if ((a.upsert ?? false) !== (b.upsert ?? false)) return null;
  const paths = (update: UpdateDoc) =>
    Object.entries(update).flatMap(([operator, fields]) => Object.keys(fields as object).map((path) => ({ operator, path })));
  const all = [...paths(a.update), ...paths(b.update)];
  for (const x of all) {
    for (const y of all) if (x.operator !== y.operator && overlaps(x.path, y.path)) return null;
  }
  const merged: Record<string, Record<string, unknown>> = {};
  for (const [operator, fields] of Object.entries(a.update)) merged[operator] = { ...(fields as Record<string, unknown>) };
  for (const [operator, fields] of Object.entries(b.update) as [Operator, Record<string, unknown>][]) {
    if (operator === '$setOnInsert') continue; // the first write inserts, if anyone does
    const target = (merged[operator] ??= {});
    for (const [path, value] of Object.entries(fields)) {
      if (!(path in target)) {
        // A path the first write leaves alone, except nested under one of its own paths.
        if (Object.keys(target).some((other) => overlaps(other, path))) return null;
        target[path] = value;
        continue;
      }
      const before = target[path];
      switch (operator) {
        case '$inc': {
          const sum = (before as number) + (value as number);
          if (!Number.isSafeInteger(before) || !Number.isSafeInteger(value) || !Number.isSafeInteger(sum)) return null;
          target[path] = sum;
          break;
        }
        case '$min':
          target[path] = compare(value, before) < 0 ? value : before;
          break;
        case '$max':
          target[path] = compare(value, before) > 0 ? value : before;
          break;
        case '$addToSet': {
          const first = addedValues(before);
          const second = addedValues(value);
          if (!first || !second) return null;
          target[path] = { $each: [...new Set([...first, ...second])] };
          break;
        }
      }
    }
  }
  return { ...a, update: merged as UpdateDoc };
}

export function combineWrites(ops: readonly WriteOp[]): WriteOp[] {
  const out: WriteOp[] = [];
  /** Document key → index in `out` of the write later ones may still fold into. */
  const open = new Map<string, number>();
  for (const op of ops) {
    const key = foldKey(op);
    if (key === null) {
      const id = op.filter._id;
      if (Object.keys(op.filter).length === 1 && typeof id === 'string') open.delete(`${op.collection}\u0000${id}`);
      else open.clear(); // it may touch any document: nothing folds across it
      out.push(op);
      continue;
    }
    const at = open.get(key);
    const folded = at === undefined ? null : fold(out[at] as Update, op as Update);
    if (folded) {
      out[at!] = folded;
    } else {
      open.set(key, out.length);
      out.push(op);
    }
  }
  return out;
}
