/**
 * zod for the list routes' query strings and answers. Query schemas are strict: an unknown
 * parameter (a typo such as `?stauts=open`) is a 400, not a silently ignored filter.
 */
import { z } from 'zod';
import { isUuid, UserIdTextSchema } from '../../write/schemas.js';
import { DEFAULT_LIMIT, MAX_LIMIT, decodeCursor } from './page.js';

/** `?limit=`: 1..200, default 50. Digits only (no `1e2`, no `+5`). */
export const LimitParam = z
  .string()
  .regex(/^\d{1,4}$/, `an integer from 1 to ${MAX_LIMIT}`)
  .transform(Number)
  .pipe(z.int().min(1).max(MAX_LIMIT))
  .default(DEFAULT_LIMIT)
  .describe(`Items per page, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`);

/** `?cursor=`: the `next_cursor` of the previous page, as given. */
export const CursorParam = z
  .string()
  .transform((text, ctx) => {
    const cursor = decodeCursor(text);
    if (cursor === null) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave out (pass next_cursor as given)' });
      return z.NEVER;
    }
    return cursor;
  })
  .optional()
  .describe('The next_cursor of the previous page; omit for the first page');

export const PageQuery = z.strictObject({ limit: LimitParam, cursor: CursorParam });

export const BooleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A user id in a query string: digits, as in the seed's `users.id INTEGER`. */
export const UserIdParam = UserIdTextSchema;

/** Path ids stay plain strings: a malformed id names nothing, so it is a 404 as on the command routes. */
export const ById = z.object({ id: z.string() });

export { isUuid };

export function pageAnswer<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    next_cursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
    total: z.int().nonnegative().describe('Items matching the filters, over all pages'),
  });
}
