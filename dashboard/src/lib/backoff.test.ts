import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './backoff.js';

describe('reconnect delays', () => {
  it('double after each failure in a row, from the base, up to the ceiling', () => {
    const top = (failures: number) => reconnectDelay(failures, { baseMs: 1000, maxMs: 30_000, random: 1 });
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(top)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('keep half fixed and spread the other half (equal jitter)', () => {
    expect(reconnectDelay(3, { baseMs: 1000, random: 0 })).toBe(2000);
    expect(reconnectDelay(3, { baseMs: 1000, random: 0.5 })).toBe(3000);
    expect(reconnectDelay(3, { baseMs: 1000, random: 0.999 })).toBe(3998);
  });

  it("start from the server's retry hint, even when it is above the ceiling", () => {
    expect(reconnectDelay(1, { baseMs: 5000, random: 1 })).toBe(5000);
    expect(reconnectDelay(4, { baseMs: 60_000, maxMs: 30_000, random: 1 })).toBe(60_000);
  });

  it('treat no failure yet like the first', () => {
    expect(reconnectDelay(0, { random: 1 })).toBe(1000);
  });
});
