/**
 * A read model's content hash: sha256 over the canonical JSON (keys sorted at every level) of its
 * documents in `_id` order. Two collections with the same documents hash alike whatever the order
 * in which their fields were written.
 */
import { createHash } from 'node:crypto';
import type { ReadStore } from '../../stores/reads/port.js';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${fields.join(',')}}`;
}

export interface ContentHash {
  hash: string;
  count: number;
}

/**
 * Reads the whole collection in one sorted `find`: the port has no cursor, and paging by `_id`
 * ranges re-reads the tail of the table on every page in the embedded store.
 */
export async function contentHash(reads: ReadStore, collection: string): Promise<ContentHash> {
  const hash = createHash('sha256');
  const docs = await reads.find(collection, {}, { sort: { _id: 1 } });
  for (const doc of docs) hash.update(`${canonicalJson(doc)}\n`);
  return { hash: hash.digest('hex'), count: docs.length };
}
