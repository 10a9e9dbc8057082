/**
 * What the shared value schemas tell the OpenAPI documents: a refinement is invisible to JSON
 * Schema, so the rule is also stated in a form it can hold.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CANONICAL_TIME_ZONES, OrganizationNameSchema, TimeZoneSchema } from './schemas.js';

const json = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown> & {
    $defs?: Record<string, Record<string, unknown>>;
  };

describe('TimeZoneSchema', () => {
  it('documents its zones as an enum, every one of which it accepts (UTC included)', () => {
    const zone = json(z.object({ timezone: TimeZoneSchema })).$defs!.TimeZone!;
    expect(zone.enum).toEqual(CANONICAL_TIME_ZONES);
    expect(CANONICAL_TIME_ZONES).toContain('UTC');
    expect(CANONICAL_TIME_ZONES).toContain('Europe/Paris');
    for (const name of CANONICAL_TIME_ZONES) expect(TimeZoneSchema.safeParse(name).success, name).toBe(true);
  });

  it('still accepts the aliases Intl knows, as the description says, and refuses the rest', () => {
    for (const alias of ['US/Eastern', 'utc', 'Etc/GMT+5'])
      expect(TimeZoneSchema.safeParse(alias).success, alias).toBe(true);
    for (const nonsense of ['', 'Mars/Olympus', '+01:00'])
      expect(TimeZoneSchema.safeParse(nonsense).success, nonsense).toBe(false);
    expect(json(TimeZoneSchema).$defs!.TimeZone!.description).toMatch(/aliases/);
  });
});

describe('names that are trimmed', () => {
  it('say in the document that they must not be blank', () => {
    expect(json(OrganizationNameSchema)).toMatchObject({
      type: 'string',
      pattern: '\\S',
      minLength: 1,
      maxLength: 100,
    });
    expect(OrganizationNameSchema.safeParse('   ').success).toBe(false);
    expect(OrganizationNameSchema.safeParse(' a ').success).toBe(true);
  });
});
