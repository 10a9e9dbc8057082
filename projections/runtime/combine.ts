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

/** Whether the write is an update of one document by `_id` alone, with foldable operators only. */
function foldable(op: WriteOp): boolean {
  if (op.kind !== 'update' || op.multi || !namesOneDocument(op)) return false;
  const update = op.update as Record<string, unknown>;
  for (const operator in update) {
    const fields = update[operator];
    if (!FOLDABLE.has(operator) || fields === null || typeof fields !== 'object') return false;
  }
  return true;
}

/** Whether two paths are the same, or one runs through the other (`a` and `a.b`). */
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** A write later ones may still fold into: our own copy, whose operator objects grow in place. */
interface Open {
  op: Update;
  update: Record<string, Record<string, unknown>>;
  /** Some path has a `.`: new paths must be checked against the others for overlap. */
  dotted: boolean;
}

function opened(op: Update): Open {
  const update: Record<string, Record<string, unknown>> = {};
  let dotted = false;
  for (const operator in op.update) {
    const fields = (op.update as Record<string, Record<string, unknown>>)[operator]!;
    update[operator] = { ...fields };
    if (!dotted) for (const path in fields) if (path.includes('.')) dotted = true;
  }
  return { op: { ...op, update: update as UpdateDoc }, update, dotted };
}

/** Whether `value` of `operator` can join what the open write has on the same path. */
function joins(operator: string, before: unknown, value: unknown): boolean {
  if (operator === '$inc') {
    return (
      Number.isSafeInteger(before) &&
      Number.isSafeInteger(value) &&
      Number.isSafeInteger((before as number) + (value as number))
    );
  }
  if (operator === '$addToSet') return addedValues(before) !== null && addedValues(value) !== null;
  return true; // $min, $max
}

/** Whether the path is in an operator of the open write other than `operator`, or overlaps one of its paths. */
function conflicts(open: Open, operator: string, path: string): boolean {
  const mine = open.update;
  for (const other in mine) if (other !== operator && path in mine[other]!) return true;
  if (open.dotted || path.includes('.')) {
    for (const other in mine) for (const known in mine[other]) if (known !== path && overlaps(known, path)) return true;
  }
  return false;
}

/** Folds `op` into the open write and says so, or changes nothing and says it does not fold. */
function fold(open: Open, op: Update): boolean {
  if ((open.op.upsert ?? false) !== (op.upsert ?? false)) return false;
  const update = op.update as Record<string, Record<string, unknown>>;
  const mine = open.update;
  // Check everything first: a write folds whole or not at all. (for…in, no arrays: this runs
  // per write of a rebuild, millions of times.)
  for (const operator in update) {
    if (operator === '$setOnInsert') continue; // the first write inserts, if anyone does
    const fields = update[operator]!;
    const same = mine[operator];
    for (const path in fields) {
      if (same !== undefined && path in same) {
        if (!joins(operator, same[path], fields[path])) return false;
      } else if (conflicts(open, operator, path)) return false;
    }
  }
  for (const operator in update) {
    if (operator === '$setOnInsert') continue;
    const fields = update[operator]!;
    const target = (mine[operator] ??= {});
    for (const path in fields) {
      const value = fields[path];
      if (!(path in target)) {
        target[path] = value;
        if (path.includes('.')) open.dotted = true;
      } else if (operator === '$inc') target[path] = (target[path] as number) + (value as number);
      else if (operator === '$min') target[path] = compare(value, target[path]) < 0 ? value : target[path];
      else if (operator === '$max') target[path] = compare(value, target[path]) > 0 ? value : target[path];
      else target[path] = { $each: [...new Set([...addedValues(target[path])!, ...addedValues(value)!])] };
    }
  }
  return true;
}

/** Whether the write names one document by `_id` alone: the others may touch any document. */
const namesOneDocument = (op: WriteOp): boolean => {
  if (typeof op.filter._id !== 'string') return false;
  for (const key in op.filter) if (key !== '_id') return false;
  return true;
};

export function combineWrites(ops: readonly WriteOp[]): WriteOp[] {
  const out: WriteOp[] = [];
  /** Collection → `_id` → the write (already in `out`) later ones may still fold into, in place. */
  const open = new Map<string, Map<string, Open>>();
  for (const op of ops) {
    if (!foldable(op)) {
      if (namesOneDocument(op)) open.get(op.collection)?.delete(op.filter._id as string);
      else open.clear(); // it may touch any document: nothing folds across it
      out.push(op);
      continue;
    }
    const id = op.filter._id as string;
    let documents = open.get(op.collection);
    if (!documents) open.set(op.collection, (documents = new Map()));
    const current = documents.get(id);
    if (current && fold(current, op as Update)) continue;
    const write = opened(op as Update);
    documents.set(id, write);
    out.push(write.op);
  }
  return out;
}
