/**
 * `minute_start` is one pattern (WHOLE_MINUTE_INSTANT), so that the OpenAPI document states the
 * whole rule; it takes exactly the instants the former rule did: `z.iso.datetime()` and
 * `Date.parse(value) % 60_000 === 0`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActivityRecordInput, WHOLE_MINUTE_INSTANT } from './record.js';

const formerRule = z.iso.datetime().refine((value) => Date.parse(value) % 60_000 === 0);
const minuteStart = ActivityRecordInput.shape.minute_start;

/** ISO instants near the boundary: any date, any time, seconds and fractions mostly zero. */
const instants = fc
  .tuple(
    fc.stringMatching(z.core.regexes.date),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 59 })),
    fc.oneof(fc.constant(''), fc.stringMatching(/^\.0{1,6}$/), fc.stringMatching(/^\.0{0,4}[0-9]{1,3}$/)),
    fc.constantFrom('Z', 'z', '+00:00', ''),
  )
  .map(([date, h, m, s, fraction, zone]) => `${date}T${pad(h)}:${pad(m)}:${pad(s)}${fraction}${zone}`);
const pad = (n: number) => String(n).padStart(2, '0');

describe('minute_start', () => {
  it('takes exactly the instants the former rule took', () => {
    fc.assert(
      fc.property(instants, (text) => {
        expect(minuteStart.safeParse(text).success).toBe(formerRule.safeParse(text).success);
      }),
      { seed: 20_251_201, numRuns: 5_000 },
    );
  });

  it('takes the forms agents send, and refuses seconds, a fraction and offsets', () => {
    for (const ok of ['2025-03-01T09:15:00Z', '2025-03-01T09:15:00.000Z', '2024-02-29T23:59:00.0Z'])
      expect(WHOLE_MINUTE_INSTANT.test(ok), ok).toBe(true);
    for (const no of [
      '2025-03-01T09:15:01Z',
      '2025-03-01T09:15:00.010Z',
      '2025-03-01T09:15:00+01:00',
      '2025-02-29T09:15:00Z',
      '2025-03-01T09:15Z',
    ]) {
      expect(WHOLE_MINUTE_INSTANT.test(no), no).toBe(false);
    }
  });

  it('is documented as one pattern with the window it must fall in', () => {
    const json = z.toJSONSchema(minuteStart, { io: 'input' }) as Record<string, unknown>;
    expect(json).toMatchObject({ type: 'string', format: 'date-time', pattern: WHOLE_MINUTE_INSTANT.source });
    expect(json.description).toMatch(/not older than 30 days/i);
  });
});
