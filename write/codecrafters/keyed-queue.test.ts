import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

/** A piece of work that waits until released, recording what it took and whether another ran on its key meanwhile. */
function recorder() {
  const pieces: { key: string; items: number[] }[] = [];
  const running = new Set<string>();
  let overlapped = false;
  const releases: (() => void)[] = [];
  const work = async (key: string, items: readonly number[]) => {
    if (running.has(key)) overlapped = true;
    running.add(key);
    pieces.push({ key, items: [...items] });
    await new Promise<void>((resolve) => releases.push(resolve));
    running.delete(key);
    if (items.includes(13)) throw new Error('unlucky');
    return items.map((item) => item * 10);
  };
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { pieces, work, releaseAll, overlapped: () => overlapped };
}

describe('KeyedQueue', () => {
  it('works one piece at a time per key, in arrival order, taking together what arrived meanwhile', async () => {
    const r = recorder();
    const queue = new KeyedQueue(r.work);
    const answers = [1, 2, 3, 4].map((n) => queue.run('a', n));
    expect(queue.busy).toBe(1);
    await r.releaseAll();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
    expect(r.pieces).toEqual([
      { key: 'a', items: [1] },
      { key: 'a', items: [2, 3, 4] },
    ]);
    expect(r.overlapped()).toBe(false);
    expect(queue.busy).toBe(0);
  });

  it('works on different keys side by side', async () => {
    const r = recorder();
    const queue = new KeyedQueue(r.work);
    const answers = [queue.run('a', 1), queue.run('b', 2), queue.run('a', 3)];
    expect(r.pieces.map((p) => p.key)).toEqual(['a', 'b']);
    await r.releaseAll();
    expect(await Promise.all(answers)).toEqual([10, 20, 30]);
  });

  it('takes at most maxWeight at once (but always one item)', async () => {
    const r = recorder();
    const queue = new KeyedQueue(r.work, 5, (n: number) => n);
    const answers = [1, 2, 2, 2, 9, 1].map((n) => queue.run('a', n));
    await r.releaseAll();
    await Promise.all(answers);
    expect(r.pieces.map((p) => p.items)).toEqual([[1], [2, 2], [2], [9], [1]]);
  });

  it('fails the items of a failed piece only; the next ones go on', async () => {
    const r = recorder();
    const queue = new KeyedQueue(r.work);
    const first = queue.run('a', 1);
    const failed = [queue.run('a', 13), queue.run('a', 2)].map((p) => p.catch((error: Error) => error.message));
    await r.releaseAll();
    expect(await first).toBe(10);
    expect(await Promise.all(failed)).toEqual(['unlucky', 'unlucky']);
    const later = queue.run('a', 3);
    await r.releaseAll();
    expect(await later).toBe(30);
  });
});
