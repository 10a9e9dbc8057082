/**
 * A Mongo filter compiled by mingo, for the embedded store. Scripts (`$where`, `$function`) are
 * off: read models are queried with data, never with code, and MongoDB disables them in most
 * deployments too.
 *
 * Compiling costs ~10 µs (mingo copies the filter and builds its option context), more than
 * testing a document, and projections send the same filters over and over (one per organization
 * day, say), so compiled queries are kept, by the filter's JSON text, for filters that are plain
 * JSON (no RegExp, Date, undefined, non-finite number, class instance): for those, equal text
 * means an equal filter. A compiled Query keeps its own copy of the filter and holds no state
 * between `test` calls, so sharing one is safe.
 */
import { Query } from 'mingo';
import type { Filter } from './port.js';

const OPTIONS = { scriptEnabled: false } as const;
const CAPACITY = 1_000;
const compiled = new Map<string, Query>();

const NOT_PLAIN = Symbol('not plain JSON');

/** JSON.stringify replacer; `this[key]` is the value before any `toJSON` (a Date's) ran. */
function plainJson(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw !== value) throw NOT_PLAIN; // it had a toJSON
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw NOT_PLAIN;
    case 'object': {
      if (value === null || Array.isArray(value)) return value;
      const prototype = Object.getPrototypeOf(value);
      if (prototype === Object.prototype || prototype === null) return value;
      throw NOT_PLAIN;
    }
    default:
      throw NOT_PLAIN; // undefined, function, bigint, symbol
  }
}

/** The filter's JSON text when it is plain JSON, else undefined. */
function keyOf(filter: Filter): string | undefined {
  try {
    return JSON.stringify(filter, plainJson);
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

export function filterQuery(filter: Filter): Query {
  const key = keyOf(filter);
  if (key === undefined) return new Query(filter, OPTIONS);
  let query = compiled.get(key);
  if (!query) {
    query = new Query(filter, OPTIONS);
    if (compiled.size >= CAPACITY) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, query);
  }
  return query;
}
