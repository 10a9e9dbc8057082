import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit.js';

describe('mapLimit', () => {
  it('keeps the order of the items, and never more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const running = mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      return n * 10;
    });
    // Let the calls finish in reverse order of their start, a few at a time.
    while (gates.length > 0 || inFlight > 0) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      gates.pop()?.();
    }
    expect(await running).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('answers [] for no items, and fails when a call fails', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    await expect(
      mapLimit([1, 2], 1, async (n) => {
        if (n === 2) throw new Error('no');
        return n;
      }),
    ).rejects.toThrow('no');
  });
});
