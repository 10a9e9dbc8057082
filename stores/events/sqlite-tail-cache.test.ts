import { describe, expect, it } from 'vitest';
import type { StoredEvent } from './port.js';
import { TailCache } from './sqlite-tail-cache.js';

const at = (position: number): StoredEvent => ({
  id: `e${position}`,
  type: 'T',
  data: { position },
  metadata: {
    correlation_id: 'c',
    causation_id: null,
    user_id: null,
    occurred_at: '2026-01-01T00:00:00.000Z',
    schema_version: 1,
  },
  stream: 's',
  revision: position - 1,
  position,
  recorded_at: '2026-01-01T00:00:00.000Z',
});
const positions = (events: readonly StoredEvent[] | undefined) => events?.map((event) => event.position);

describe('TailCache', () => {
  it('serves reads inside what it holds, and nothing before or past it', () => {
    const tail = new TailCache();
    tail.remember(10, [at(11), at(12), at(14)]); // a gap in positions is fine: the page was complete
    expect(positions(tail.read(10, 100))).toEqual([11, 12, 14]);
    expect(positions(tail.read(12, 1))).toEqual([14]);
    expect(positions(tail.read(13, 5))).toEqual([14]);
    expect(positions(tail.read(14, 5))).toEqual([]); // at its end: the caller asks SQLite for more
    expect(tail.read(9, 5)).toBeUndefined();
    expect(tail.read(15, 5)).toBeUndefined();
  });

  it('grows only from pages read right after its end; a page past it starts afresh; older pages are ignored', () => {
    const tail = new TailCache();
    tail.remember(0, [at(1), at(2)]);
    tail.remember(2, [at(3)]);
    expect(positions(tail.read(0, 10))).toEqual([1, 2, 3]);
    tail.remember(1, [at(2), at(3)]);
    expect(positions(tail.read(0, 10))).toEqual([1, 2, 3]);
    tail.remember(7, [at(8)]);
    expect(tail.read(0, 10)).toBeUndefined();
    expect(positions(tail.read(7, 10))).toEqual([8]);
  });

  it('forgets its oldest events past its capacity', () => {
    const tail = new TailCache(2);
    tail.remember(0, [1, 2, 3, 4, 5].map(at));
    expect(tail.read(0, 10)).toBeUndefined();
    expect(positions(tail.read(3, 10))).toEqual([4, 5]);
  });

  it('freezes what it hands out, deeply', () => {
    const [event] = new TailCache().remember(0, [at(1)]);
    expect(Object.isFrozen(event) && Object.isFrozen(event!.data) && Object.isFrozen(event!.metadata)).toBe(true);
  });
});
