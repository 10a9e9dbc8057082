/**
 * Keyset pagination for the list routes: items come in a stable order, `(sort field, _id)`
 * ascending, and `next_cursor` names the last item given. The next page starts strictly after it,
 * so a walk sees every item that existed when it started exactly once, even while others are
 * added (new items land at the end, the sort field being a creation or joining instant).
 *
 * The cursor is opaque to clients: base64url of `[sort value, _id]`.
 */
import { z } from 'zod';
import type { Doc, Filter } from '../../stores/reads/port.js';
import type { ReadModels } from '../../projections/read-models.js';

export interface Cursor {
  key: string;
  id: string;
}

export interface PageRequest {
  limit: number;
  cursor?: Cursor | undefined;
}

interface Page<T> {
  items: T[];
  next_cursor: string | null;
  total: number;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

const CursorParts = z.tuple([z.string().max(100), z.string().min(1).max(200)]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

/** What every cursor looks like: base64url, 1 to 600 characters. */
export const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,600}$/;

/** The cursor, or null when the text is not one this API gave out. */
export function decodeCursor(text: string): Cursor | null {
  if (!CURSOR_TEXT.test(text)) return null;
  try {
    const parsed = CursorParts.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? { key: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** Items strictly after the cursor in `(field, _id)` order. */
function afterCursor(field: string, cursor: Cursor): Filter {
  return { $or: [{ [field]: { $gt: cursor.key } }, { [field]: cursor.key, _id: { $gt: cursor.id } }] };
}

/**
 * One page of `collection` matching `filter` (top-level equalities only, so that the read store
 * can use its indexes; the cursor's `$or` is added beside them), ordered by `(field, _id)`.
 */
export async function pageOf<T extends Doc>(
  readModels: ReadModels,
  collection: string,
  filter: Filter,
  field: keyof T & string,
  request: PageRequest,
): Promise<Page<T>> {
  const narrowed = request.cursor ? { ...filter, ...afterCursor(field, request.cursor) } : filter;
  const [docs, total] = await Promise.all([
    // One more than asked: whether it comes back says whether there is a next page.
    readModels.find<T>(collection, narrowed, { sort: { [field]: 1, _id: 1 }, limit: request.limit + 1 }),
    readModels.count(collection, filter),
  ]);
  const items = docs.slice(0, request.limit);
  const last = items[items.length - 1];
  const next_cursor =
    docs.length > request.limit && last ? encodeCursor({ key: String(last[field]), id: last._id }) : null;
  return { items, next_cursor, total };
}
