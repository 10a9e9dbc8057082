/**
 * Applies the port's Mongo update operators to one in-memory document, for the embedded store.
 *
 * mingo's operator functions do the work that involves arrays (`$addToSet`, `$pull`, a path through
 * an array), called directly: mingo's general `update()` rebuilds its context on every call
 * (~50 µs), far too slow for rebuilds at 100k events/s. The everyday case, a scalar operator on a
 * path through plain objects, is a plain assignment here (`applyPlain`), with mingo's `compare`
 * for `$max`/`$min` so that values of different types order as in MongoDB.
 *
 * mingo silently ignores a few updates that MongoDB rejects (`$inc` on a string, `$addToSet` on a
 * non-array, a field under a scalar), so those are checked here first: a batch must fail on the
 * embedded store exactly where it would fail on MongoDB.
 */
import { $addToSet, $inc, $max, $min, $pull, $set, $unset } from 'mingo/operators/update';
import { compare, isEqual } from 'mingo/util';
import type { Doc, Filter, UpdateDoc } from './port.js';

type Operator = keyof UpdateDoc;
type Expression = Record<string, unknown>;
type Mutator = (expr: never) => (doc: Record<string, unknown>) => string[];

const MUTATORS: Record<Exclude<Operator, '$setOnInsert'>, Mutator> = {
  $set,
  $inc,
  $max,
  $min,
  $addToSet,
  $pull,
  $unset,
} as Record<Exclude<Operator, '$setOnInsert'>, Mutator>;

/** An update MongoDB would refuse; the whole batch fails with it. */
export class UpdateRejected extends Error {
  override readonly name = 'UpdateRejected';
}

/**
 * Applies `update` to `doc` in place. `inserting` is true when the document is being created by an
 * upsert: only then does `$setOnInsert` apply. Everything is checked before anything changes.
 */
export function applyUpdate(doc: Doc, update: UpdateDoc, inserting: boolean): void {
  const operators = Object.keys(update) as Operator[];
  if (operators.length === 0) throw new UpdateRejected('an update needs at least one operator');
  // First pass: refuse what MongoDB refuses, before anything changes.
  let claimed: string[] | undefined;
  for (const operator of operators) {
    const expr = update[operator] as Expression | undefined;
    if (expr === undefined) continue;
    if (operator !== '$setOnInsert' && !(operator in MUTATORS)) {
      throw new UpdateRejected(`unsupported update operator ${operator}`);
    }
    for (const path in expr) {
      checkPath(path);
      claim((claimed ??= []), path);
      if (path === '_id') {
        if (expr[path] !== doc._id) throw new UpdateRejected("the field '_id' is immutable");
      } else if (operator !== '$unset' && (operator !== '$setOnInsert' || inserting)) {
        checkTarget(doc, operator, path, expr[path]);
      }
    }
  }
  // Second pass: apply, by hand where the path is plain, else through mingo.
  let rest: Partial<Record<Step, Expression>> | undefined;
  for (const operator of operators) {
    const expr = update[operator] as Expression | undefined;
    if (expr === undefined || (operator === '$setOnInsert' && !inserting)) continue;
    const step: Step = operator === '$setOnInsert' ? '$set' : operator;
    for (const path in expr) {
      if (path === '_id' || applyPlain(doc, step, path, expr[path])) continue;
      ((rest ??= {})[step] ??= {})[path] = step === '$addToSet' ? eachOnce(expr[path]) : expr[path];
    }
  }
  if (!rest) return;
  for (const [step, expr] of Object.entries(rest) as Array<[Step, Expression]>) {
    MUTATORS[step](detached(expr) as never)(doc);
  }
}

type Step = Exclude<Operator, '$setOnInsert'>;

/** `{$each: [...]}` with each value once, as MongoDB adds them (mingo would add a repeated one twice). */
function eachOnce(argument: unknown): unknown {
  if (argument === null || typeof argument !== 'object' || Array.isArray(argument)) return argument;
  const each = (argument as { $each?: unknown }).$each;
  if (!Array.isArray(each) || Object.keys(argument).length !== 1) return argument;
  if (each.every((value) => value === null || typeof value !== 'object')) return { $each: [...new Set(each)] };
  return { $each: each.filter((value, i) => each.findIndex((other) => isEqual(other, value)) === i) };
}

/**
 * The common case without mingo: `$set`, `$inc`, `$max`, `$min`, `$unset` on a path through plain
 * objects. Returns false, having changed nothing, when the path crosses an array or the operator
 * works on arrays; mingo then applies that step.
 */
function applyPlain(doc: Doc, operator: Step, path: string, value: unknown): boolean {
  if (operator === '$addToSet' || operator === '$pull') return false;
  let parent: Record<string, unknown> = doc;
  let key = path;
  if (path.includes('.')) {
    const segments = path.split('.');
    key = segments.pop()!;
    for (const segment of segments) {
      const next = own(parent, segment);
      if (next === undefined) {
        if (operator === '$unset') return true;
        parent = parent[segment] = {};
      } else if (isPlainObject(next)) {
        parent = next;
      } else {
        return false;
      }
    }
  }
  const current = own(parent, key);
  switch (operator) {
    case '$set':
      parent[key] = copied(value);
      break;
    case '$unset':
      delete parent[key];
      break;
    case '$inc':
      parent[key] = ((current as number | undefined) ?? 0) + (value as number);
      break;
    case '$max':
      if (current === undefined || order(current, value) < 0) parent[key] = copied(value);
      break;
    case '$min':
      if (current === undefined || order(current, value) > 0) parent[key] = copied(value);
      break;
  }
  return true;
}

/** mingo's `compare` (MongoDB's order across types), short-cut for two numbers or two strings. */
function order(a: unknown, b: unknown): number {
  const type = typeof a;
  if (type === typeof b && (type === 'number' || type === 'string')) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  return compare(a, b);
}

/**
 * The document an upsert starts from when nothing matched: the filter's equality conditions
 * (`{a: 1}`, `{'b.c': 2}`, `{a: {$eq: 1}}`, inside `$and` too), as MongoDB does.
 */
export function upsertSeed(filter: Filter): Record<string, unknown> {
  const seed: Record<string, unknown> = {};
  plantEqualities(seed, filter);
  return seed;
}

function plantEqualities(seed: Record<string, unknown>, filter: Filter): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) plantEqualities(seed, clause as Filter);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isOperatorObject(value)) {
      if ('$eq' in value) setPath(seed, key, structuredClone(value.$eq));
      continue;
    }
    setPath(seed, key, structuredClone(value));
  }
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$');
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (next === undefined) node = node[segment] = {};
    else if (isPlainObject(next)) node = next;
    else throw new UpdateRejected(`the filter's equality on '${path}' cannot seed a document`);
  }
  node[segments[segments.length - 1]!] = value;
}

function checkPath(path: string): void {
  if (path !== '' && !path.includes('$') && !path.includes('.') && path !== '__proto__') return;
  for (const segment of path.split('.')) {
    if (segment === '' || segment.includes('$') || segment === '__proto__') {
      throw new UpdateRejected(
        `unsupported update path '${path}' (positional, empty and __proto__ paths are not supported)`,
      );
    }
  }
}

/** MongoDB refuses two operators touching the same path, or a path and its parent. */
function claim(claimed: string[], path: string): void {
  for (const other of claimed) {
    if (other === path || other.startsWith(`${path}.`) || path.startsWith(`${other}.`)) {
      throw new UpdateRejected(`updating the path '${path}' would create a conflict at '${other}'`);
    }
  }
  claimed.push(path);
}

/** Checks that the update can land at `path`, as MongoDB would, before anything is changed. */
function checkTarget(doc: Doc, operator: Operator, path: string, argument: unknown): void {
  const current = valueAt(doc, path);
  switch (operator) {
    case '$inc':
      if (typeof argument !== 'number') throw new UpdateRejected(`$inc needs a number for '${path}'`);
      if (current !== undefined && typeof current !== 'number') {
        throw new UpdateRejected(`cannot apply $inc to '${path}': it holds a non-numeric value`);
      }
      break;
    case '$addToSet':
    case '$pull':
      if (current !== undefined && !Array.isArray(current)) {
        throw new UpdateRejected(`cannot apply ${operator} to '${path}': it is not an array`);
      }
      break;
  }
}

/** The value at a dotted path, `undefined` when missing; throws when a parent is a scalar. */
function valueAt(doc: Doc, path: string): unknown {
  if (!path.includes('.')) return own(doc, path);
  const segments = path.split('.');
  let node: unknown = doc;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment)) throw cannotCreate(segment, segments[i - 1]!, node);
      node = node[Number(segment)];
    } else if (isPlainObject(node)) {
      node = own(node, segment);
    } else {
      throw cannotCreate(segment, segments[i - 1]!, node);
    }
    if (node === undefined) return undefined;
  }
  return node;
}

function cannotCreate(segment: string, parent: string, value: unknown): UpdateRejected {
  return new UpdateRejected(`cannot create field '${segment}' in element {${parent}: ${JSON.stringify(value)}}`);
}

/** Copies object values, so that a later op in the batch never mutates the caller's objects. */
function copied(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

/** `copied` for a whole expression handed to mingo. */
function detached(expr: Expression): Expression {
  for (const value of Object.values(expr)) {
    if (value !== null && typeof value === 'object') return structuredClone(expr);
  }
  return expr;
}

/** A field of the document itself, never one inherited from Object.prototype (`constructor`...). */
function own(node: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
