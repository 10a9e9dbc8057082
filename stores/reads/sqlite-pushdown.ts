/**
 * Turns the easy parts of a Mongo filter into an SQL WHERE clause that selects a SUPERSET of the
 * matching rows, so that SQLite can use its indexes; mingo then evaluates the whole filter on
 * what comes back. Correctness never depends on this file, only speed does: a condition that
 * cannot be translated exactly-or-wider is simply left to mingo.
 *
 * Pushed down: top-level conditions on `_id` and on fields that lead an index (`indexed`), when
 * they are equalities, `$in` or ranges on strings and finite numbers.
 *
 * Why the result stays a superset of MongoDB's semantics:
 * - `{tags: 'a'}` also matches arrays containing 'a', which `json_extract` cannot see; every term
 *   on a field therefore also admits documents where `json_type(...) = 'array'` (a tiny partial
 *   index, created with each index, finds those).
 * - SQLite orders INTEGER/REAL < TEXT, and `json_extract` yields numbers, text, 0/1 for booleans,
 *   or JSON text for objects: a range on numbers never drops a number, one on text never drops a
 *   string; extra rows of other types are filtered out by mingo.
 * - SQLite compares text as UTF-8 bytes, mingo as UTF-16 units; both agree whenever one side is
 *   ASCII, so only ASCII string bounds are pushed (ISO dates, ids, snake_case names).
 */
import type { Filter } from './port.js';

export interface SqlCondition {
  where: string;
  params: Array<string | number>;
}

const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
const MAX_IN_VALUES = 500;
const ASCII = /^[\x00-\x7f]*$/;

/** The JSON path expression of a top-level field, shared with the index DDL so that they match. */
export function fieldExpression(field: string): string {
  return `json_extract(doc, '$.${field}')`;
}

export function arrayTest(field: string): string {
  return `json_type(doc, '$.${field}') = 'array'`;
}

/**
 * `table` is the quoted table name. The most selective term leads: for a field, it becomes
 * `rowid IN (index lookup UNION ALL documents where the field is an array)`, because SQLite's
 * planner does not use an index for an OR over two indexes of expressions; other terms filter.
 */
export function pushdown(filter: Filter, indexed: ReadonlySet<string>, table: string): SqlCondition {
  const terms: Term[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    const isId = field === '_id';
    if (!isId && !indexed.has(field)) continue;
    const term = translate(field, isId ? '_id' : fieldExpression(field), condition, isId);
    if (term) terms.push(term);
  }
  if (terms.length === 0) return { where: '1', params: [] };
  terms.sort((a, b) => a.rank - b.rank);
  const where: string[] = [];
  const params: Array<string | number> = [];
  terms.forEach((term, i) => {
    if (term.isId) where.push(term.sql);
    else if (i === 0) {
      where.push(
        `rowid IN (SELECT rowid FROM ${table} WHERE ${term.sql} UNION ALL SELECT rowid FROM ${table} WHERE ${arrayTest(term.field)})`,
      );
    } else where.push(`((${term.sql}) OR ${arrayTest(term.field)})`);
    params.push(...term.params);
  });
  return { where: where.join(' AND '), params };
}

interface Term {
  field: string;
  isId: boolean;
  sql: string;
  params: Array<string | number>;
  /** Lower leads: `_id` equality, then equality, `$in`, range. */
  rank: number;
}

function translate(field: string, column: string, condition: unknown, isId: boolean): Term | undefined {
  const params: Array<string | number> = [];
  if (isExactValue(condition, isId))
    return { field, isId, sql: `${column} = ?`, params: [condition], rank: isId ? -1 : 0 };
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return undefined;
  const parts: string[] = [];
  let rank = 2;
  for (const [operator, operand] of Object.entries(condition)) {
    if (operator === '$eq' && isExactValue(operand, isId)) {
      params.push(operand);
      parts.push(`${column} = ?`);
      rank = Math.min(rank, isId ? -1 : 0);
    } else if (
      operator === '$in' &&
      Array.isArray(operand) &&
      operand.length <= MAX_IN_VALUES &&
      operand.every((value) => isExactValue(value, isId))
    ) {
      params.push(...(operand as Array<string | number>));
      parts.push(`${column} IN (${operand.map(() => '?').join(', ')})`);
      rank = Math.min(rank, isId ? -1 : 1);
    } else if (operator in RANGE_SQL && isRangeBound(operand, isId)) {
      params.push(operand);
      parts.push(`${column} ${RANGE_SQL[operator as keyof typeof RANGE_SQL]} ?`);
    }
  }
  return parts.length ? { field, isId, sql: parts.join(' AND '), params, rank } : undefined;
}

/**
 * Whether `pushdown` selects exactly the matches of `filter` (no superset), so that mingo has
 * nothing left to check: a filter on `_id` alone (a text column, never an array) that is a
 * string, or operators that are all translated above (`$eq`, `$in`, ranges on ASCII strings).
 */
export function exactOnId(filter: Filter): boolean {
  let keys = 0;
  for (const key in filter) {
    if (key !== '_id') return false;
    keys += 1;
  }
  if (keys !== 1) return false;
  const condition = filter._id;
  if (typeof condition === 'string') return true;
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return false;
  const operators = Object.entries(condition);
  return (
    operators.length > 0 &&
    operators.every(([operator, operand]) => {
      if (operator === '$eq') return isExactValue(operand, true);
      if (operator === '$in')
        return (
          Array.isArray(operand) &&
          operand.length <= MAX_IN_VALUES &&
          operand.every((value) => isExactValue(value, true))
        );
      return operator in RANGE_SQL && isRangeBound(operand, true);
    })
  );
}

/** `_id` is always text; other fields may hold strings or numbers. */
function isExactValue(value: unknown, isId: boolean): value is string | number {
  return typeof value === 'string' || (!isId && typeof value === 'number' && Number.isFinite(value));
}

function isRangeBound(value: unknown, isId: boolean): value is string | number {
  return (
    (typeof value === 'string' && ASCII.test(value)) || (!isId && typeof value === 'number' && Number.isFinite(value))
  );
}
