/**
 * The fuzzers' generator (fixtures/json-schema-arbitrary.ts): what it generates from the JSON
 * Schema zod makes of a schema, zod accepts; what it makes invalid, zod refuses; and its checker
 * agrees with both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { arbitraryFor, invalidFor, violations, type JsonSchema } from './fixtures/json-schema-arbitrary.js';

const Tag = z.string().min(1).max(3).meta({ id: 'Tag' });
const Body = z.strictObject({
  id: z.uuid(),
  n: z.int().min(1).max(5),
  count: z.int().positive(),
  ratio: z.number().min(0).max(1),
  tags: z.array(Tag).max(3),
  unique: z
    .array(z.enum(['x', 'y', 'z']))
    .max(3)
    .meta({ uniqueItems: true }),
  when: z.iso.datetime(),
  day: z.iso.date(),
  kind: z.enum(['a', 'b']),
  fixed: z.literal('yes'),
  maybe: z.string().max(5).nullable().optional(),
  email: z.email(),
  limit: z.string().regex(/^(?:[1-9][0-9]?|1[0-9]{2}|200)$/),
  both: z.string().regex(/^a/).regex(/b$/),
  nested: z.strictObject({ x: z.number().positive(), y: z.boolean().optional() }),
  items: z
    .array(z.strictObject({ a: z.int() }))
    .min(1)
    .max(2),
});

const toJson = (schema: z.ZodType) => {
  const { $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  > & { $defs?: unknown };
  return { schema: rest as JsonSchema, root: { $defs } };
};

describe('arbitraryFor', () => {
  const { schema, root } = toJson(Body);
  it('generates only what the schema and zod accept', () => {
    fc.assert(
      fc.property(arbitraryFor(schema, { root }), (value) => {
        expect(violations(schema, value, root)).toEqual([]);
        expect(Body.safeParse(value).error?.issues ?? []).toEqual([]);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('leaves optional properties out some of the time and respects minProperties', () => {
    const loose = z.strictObject({ a: z.string().optional(), b: z.int().optional() }).meta({ minProperties: 1 });
    const json = toJson(loose);
    const values = fc.sample(arbitraryFor(json.schema, { root: json.root }), { seed: 1, numRuns: 100 }) as Record<
      string,
      unknown
    >[];
    expect(values.every((v) => Object.keys(v).length >= 1)).toBe(true);
    expect(values.some((v) => !('a' in v))).toBe(true);
  });

  it('uses an override for a named property', () => {
    const values = fc.sample(
      arbitraryFor(schema, { root, override: (name) => (name === 'kind' ? fc.constant('b') : undefined) }),
      { seed: 2, numRuns: 20 },
    ) as { kind: string }[];
    expect(new Set(values.map((v) => v.kind))).toEqual(new Set(['b']));
  });
});

describe('invalidFor', () => {
  const { schema, root } = toJson(Body);
  it('generates only what the schema and zod refuse', () => {
    fc.assert(
      fc.property(invalidFor(schema, { root })!, (value) => {
        expect(violations(schema, value, root)).not.toEqual([]);
        expect(Body.safeParse(value).success).toBe(false);
      }),
      { seed: 43, numRuns: 300 },
    );
  });

  it('keeps to strings for parameters, and finds nothing to refuse in a plain string', () => {
    const limit = toJson(z.string().regex(/^[1-9][0-9]?$/)).schema;
    for (const value of fc.sample(invalidFor(limit, { strings: true })!, { seed: 3, numRuns: 30 })) {
      expect(typeof value).toBe('string');
      expect(/^[1-9][0-9]?$/.test(value as string)).toBe(false);
    }
    expect(invalidFor({ type: 'string' }, { strings: true })).toBeUndefined();
  });
});

describe('violations', () => {
  it('names what is wrong, with JSON pointers', () => {
    const { schema, root } = toJson(z.strictObject({ n: z.int().max(3), tags: z.array(Tag) }));
    expect(violations(schema, { n: 4, tags: ['', 'abcd'], x: 1 }, root)).toEqual([
      '/n: is above 3',
      '/tags/0: is shorter than 1',
      '/tags/1: is longer than 3',
      '/x: is not a known property',
    ]);
  });
});
