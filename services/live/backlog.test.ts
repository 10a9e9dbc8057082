import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempEventStore, type TempEventStore } from '../../write/temp-event-store.js';
import { missedItems } from './backlog.js';
import type { LiveItem } from './notice.js';

let temp: TempEventStore;
/** Every event is one item, so what comes back says which events were read. */
const source = {
  itemsOf: (event: { position: number }): LiveItem[] => [
    { kind: 'role', position: event.position } as unknown as LiveItem,
  ],
};
const options = { max: 100, pageSize: 10 };

beforeEach(async () => {
  temp = openTempEventStore();
  for (let i = 0; i < 5; i++) {
    await temp.store.append(`test-${i}`, [
      {
        id: randomUUID(),
        type: 'test.Happened',
        data: {},
        metadata: {
          correlation_id: randomUUID(),
          causation_id: null,
          user_id: 1,
          occurred_at: new Date().toISOString(),
          schema_version: 1,
        },
      },
    ]);
  }
});
afterEach(async () => {
  await temp.dispose();
});

describe('what a resumed stream missed', () => {
  it('is the items after the id, up to the watcher', async () => {
    const missed = await missedItems(temp.store, source, { after: 2, upTo: 4, ...options });
    expect(missed).toMatchObject({ kind: 'items', after: 2 });
    expect(missed.kind === 'items' && missed.items.length).toBe(2);
  });

  it('is nothing at the watcher itself', async () => {
    expect(await missedItems(temp.store, source, { after: 4, upTo: 4, ...options })).toEqual({
      kind: 'items',
      after: 4,
      items: [],
    });
  });

  it('is a reset for an id ahead of the watcher: resuming there would skip the role changes in between', async () => {
    const missed = await missedItems(temp.store, source, { after: 4, upTo: 2, ...options });
    expect(missed).toMatchObject({ kind: 'reset', reason: expect.stringContaining('ahead') });
  });

  it('is a reset for an id no event has', async () => {
    const missed = await missedItems(temp.store, source, { after: 99, upTo: 5, ...options });
    expect(missed).toMatchObject({ kind: 'reset', reason: expect.stringContaining('no event has the id 99') });
  });
});
