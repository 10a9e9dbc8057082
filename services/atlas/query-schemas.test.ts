/**
 * The list routes' query parameters state their real limits in the document: every value the
 * pattern admits is accepted, and the pattern admits every value that is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeCursor } from './page.js';
import { CursorParam, LIMIT_TEXT, LimitParam, PageQuery } from './query-schemas.js';

const json = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input' }) as { properties: Record<string, Record<string, unknown>> };

describe('?limit=', () => {
  it('takes exactly 1..200 in plain decimal, and the document says so', () => {
    const accepted = (text: string) => LimitParam.safeParse(text).success;
    for (let n = 0; n <= 10_000; n += 1) expect(accepted(String(n)), String(n)).toBe(n >= 1 && n <= 200);
    for (const text of ['050', '+5', '1e2', ' 5', '5 ', '', '٣']) expect(accepted(text), text).toBe(false);
    expect(json(PageQuery).properties.limit!.pattern).toBe(LIMIT_TEXT.source);
  });

  it('pattern and rule agree on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[0-9]{1,5}$/), fc.string({ maxLength: 5 })), (text) => {
        expect(LimitParam.safeParse(text).success).toBe(LIMIT_TEXT.test(text));
      }),
      { seed: 7, numRuns: 2_000 },
    );
  });
});

describe('?cursor=', () => {
  it('is never empty and always base64url, as the document says; only a cursor given out passes', () => {
    const schema = json(PageQuery).properties.cursor!;
    expect(schema).toMatchObject({ type: 'string', pattern: '^[A-Za-z0-9_-]{1,600}$' });
    expect(CursorParam.safeParse('').success).toBe(false);
    expect(CursorParam.safeParse('abc').success).toBe(false);
    expect(CursorParam.safeParse(encodeCursor({ key: '2025-01-01T00:00:00.000Z', id: 'x' })).success).toBe(true);
  });
});
