/** Full-jitter backoff, its cap and the Retry-After floor; the agent's regular send moment. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffMs, nextSendAt, sendOffsetMs } from './backoff.js';

const ALMOST_ONE = 1 - Number.EPSILON / 2;
const ceilingOf = (failures: number) => Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));

describe('backoffMs', () => {
  it('waits between 0 and a doubling ceiling, capped, for failures 1 … 20', () => {
    const ceilings: number[] = [];
    for (let failures = 1; failures <= 20; failures++) {
      const ceiling = ceilingOf(failures);
      ceilings.push(ceiling);
      expect(backoffMs(failures, null, () => 0)).toBe(0);
      expect(backoffMs(failures, null, () => ALMOST_ONE)).toBe(ceiling - 1);
      expect(backoffMs(failures, null, () => 0.5)).toBe(ceiling / 2);
    }
    expect(ceilings.slice(0, 8)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000]);
    expect(new Set(ceilings.slice(7))).toEqual(new Set([BACKOFF_CAP_MS]));
  });

  it('stays within [0, ceiling) for any random value and failure count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, r) => {
          const wait = backoffMs(failures, null, () => r);
          expect(Number.isInteger(wait)).toBe(true);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThan(ceilingOf(failures));
        },
      ),
    );
  });

  it('treats 0 failures as the first, and any number of failures as the cap', () => {
    expect(backoffMs(0, null, () => ALMOST_ONE)).toBe(BACKOFF_BASE_MS - 1);
    expect(backoffMs(10_000, null, () => ALMOST_ONE)).toBe(BACKOFF_CAP_MS - 1);
    expect(backoffMs(Number.MAX_SAFE_INTEGER, null, () => 0.5)).toBe(BACKOFF_CAP_MS / 2);
  });

  it("never waits less than the server's Retry-After, even beyond the cap", () => {
    expect(backoffMs(1, 120, () => 0)).toBe(120_000);
    expect(backoffMs(1, 2, () => ALMOST_ONE)).toBe(4_999);
    expect(backoffMs(20, 1, () => ALMOST_ONE)).toBe(BACKOFF_CAP_MS - 1);
    expect(backoffMs(3, 900, () => ALMOST_ONE)).toBe(900_000);
    expect(backoffMs(3, 0, () => 0)).toBe(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.nat(3_600),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (f, ra, r) => {
          const wait = backoffMs(f, ra, () => r);
          expect(wait).toBeGreaterThanOrEqual(ra * 1000);
          expect(wait).toBe(
            Math.max(
              ra * 1000,
              backoffMs(f, null, () => r),
            ),
          );
        },
      ),
    );
  });
});

describe('sendOffsetMs and nextSendAt', () => {
  it('picks an offset within the minute', () => {
    expect(sendOffsetMs(() => 0)).toBe(0);
    expect(sendOffsetMs(() => ALMOST_ONE)).toBe(59_999);
    expect(sendOffsetMs(() => 0.5)).toBe(30_000);
  });

  it('answers the offset in this minute when still ahead, else in the next', () => {
    const minute = Date.parse('2026-05-04T09:00:00Z');
    expect(nextSendAt(minute + 10_000, 30_000)).toBe(minute + 30_000);
    expect(nextSendAt(minute + 10_000, 10_000)).toBe(minute + 70_000); // exactly at it: the next one
    expect(nextSendAt(minute + 10_000, 5_000)).toBe(minute + 65_000);
    expect(nextSendAt(minute, 0)).toBe(minute + 60_000);
    expect(nextSendAt(minute - 1, 0)).toBe(minute);
    expect(nextSendAt(minute + 59_999, 59_999)).toBe(minute + 119_999);
  });

  it('is always after now, at most a minute after, on the offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 59_999 }),
        (now, offset) => {
          const at = nextSendAt(now, offset);
          expect(at).toBeGreaterThan(now);
          expect(at - now).toBeLessThanOrEqual(60_000);
          expect(at % 60_000).toBe(offset);
        },
      ),
    );
  });
});
