/**
 * zod for the list routes' query strings and answers. Query schemas are strict: an unknown
 * parameter (a typo such as `?stauts=open`) is a 400, not a silently ignored filter.
 */
import { z } from 'zod';
import { isUuid, UserIdTextSchema } from '../../write/schemas.js';
import { CURSOR_TEXT, DEFAULT_LIMIT, MAX_LIMIT, decodeCursor } from './page.js';

/**
 * `?limit=`: 1..200, default 50, in decimal digits without a sign or a leading zero (no `1e2`, no
 * `+5`, no `050`). The pattern is the whole rule, so the document states it (`^\d{1,4}$` let
 * through 0 and 201..9999, which the range check then refused).
 */
export const LIMIT_TEXT = /^(?:[1-9][0-9]?|1[0-9]{2}|200)$/;
if (MAX_LIMIT !== 200) throw new Error('LIMIT_TEXT spells out 1..200: change it with MAX_LIMIT');

export const LimitParam = z
  .string()
  .regex(LIMIT_TEXT, `an integer from 1 to ${MAX_LIMIT}`)
  .transform(Number)
  .pipe(z.int().min(1).max(MAX_LIMIT))
  .default(DEFAULT_LIMIT)
  .describe(`Items per page, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`);

/**
 * `?cursor=`: the `next_cursor` of the previous page, as given. Opaque, but never empty and always
 * base64url (the pattern, which the document states); within that, only a cursor this API gave
 * out is accepted (a 400 otherwise).
 */
export const CursorParam = z
  .string()
  .regex(CURSOR_TEXT, 'not a cursor this API gave out (pass next_cursor as given)')
  .transform((text, ctx) => {
    const cursor = decodeCursor(text);
    if (cursor === null) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave out (pass next_cursor as given)' });
      return z.NEVER;
    }
    return cursor;
  })
  .optional()
  .describe('The next_cursor of the previous page, as given; omit for the first page. Any other text is a 400');

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
