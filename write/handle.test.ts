import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError, type EventStore } from '../stores/events/port.js';
import type { Decider } from './decider.js';
import { DomainError } from './domain-error.js';
import { UnknownEventTypeError, InvalidEventError } from './catalogue.js';
import { handleCommand } from './handle.js';
import { loadState } from './load.js';
import { StateCache } from './state-cache.js';
import { openTempEventStore, type TempEventStore } from './temp-event-store.js';
import { userIds } from './atlas/user-ids.js';
import { definitionOf } from './catalogue.js';

const stream = 'atlas-user-ids';
const now = new Date('2026-03-01T09:00:00.000Z');
const metadata = { correlation_id: randomUUID(), causation_id: null, user_id: null };
const allocate = { type: 'AllocateUserId' as const };
/** Our allocation of the next user id, on `store`. */
const allocateOn = (store: EventStore, retries?: number) =>
  handleCommand({ store, stream, decider: userIds, command: allocate, metadata, now, retries });

let temp: TempEventStore;
beforeEach(() => {
  temp = openTempEventStore();
});
afterEach(async () => {
  await temp.dispose();
});

/** Another writer that appends its own allocation right before each of our next `times` appends. */
function racedBy(store: EventStore, times: number): EventStore {
  let left = times;
  return {
    ...store,
    kind: store.kind,
    async append(name, events, options) {
      if (left > 0) {
        left -= 1;
        const { state } = await loadState({ store, stream: name, decider: userIds });
        await store.append(name, [
          {
            id: randomUUID(),
            type: 'atlas.UserIdAllocated',
            data: { user_id: state.lastAllocated + 1 },
            metadata: { ...metadata, occurred_at: now.toISOString(), schema_version: 1 },
          },
        ]);
      }
      return store.append(name, events, options);
    },
  };
}

describe('handleCommand', () => {
  it('appends what the decider decides, with ids and metadata, and returns the new state', async () => {
    const first = await allocateOn(temp.store);
    expect(first.state).toEqual({ lastAllocated: 1 });
    expect(first.revision).toBe(0);
    expect(first.events).toHaveLength(1);
    const [event] = first.events;
    expect(event).toMatchObject({ type: 'atlas.UserIdAllocated', data: { user_id: 1 }, stream, revision: 0 });
    expect(event!.metadata).toEqual({
      ...metadata,
      occurred_at: '2026-03-01T09:00:00.000Z',
      schema_version: definitionOf('atlas.UserIdAllocated').version,
    });

    const second = await allocateOn(temp.store);
    expect(second.state).toEqual({ lastAllocated: 2 });

    const stored = await temp.store.readStream(stream);
    expect(stored.map((e) => [e.id, e.revision, e.data])).toEqual([
      [first.events[0]!.id, 0, { user_id: 1 }],
      [second.events[0]!.id, 1, { user_id: 2 }],
    ]);
    expect(second.position).toBe(stored[1]!.position);
  });

  it('starts over after a concurrent write and decides on the fresh state', async () => {
    const store = racedBy(temp.store, 2);
    const result = await allocateOn(store, 2);
    expect(result.events[0]!.data).toEqual({ user_id: 3 });
    const ids = (await temp.store.readStream(stream)).map((e) => (e.data as { user_id: number }).user_id);
    expect(ids).toEqual([1, 2, 3]);
  });

  it('gives up with WrongExpectedRevisionError after the allowed retries, appending nothing of its own', async () => {
    const store = racedBy(temp.store, 3);
    await expect(allocateOn(store, 2)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await temp.store.readStream(stream)).toHaveLength(3); // the other writer's three
  });

  it('concurrent commands on one stream lose nothing', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => allocateOn(temp.store, 50)));
    const ids = results.map((r) => r.events[0]!.data.user_id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('a refused command appends nothing', async () => {
    const refusing: Decider<unknown, never, null> = {
      initialState: null,
      evolve: (s) => s,
      decide: () => {
        throw new DomainError('forbidden', 'no');
      },
    };
    await expect(
      handleCommand({ store: temp.store, stream: 'atlas-x', decider: refusing, command: {}, metadata, now }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await temp.store.headPosition()).toBe(0);
  });

  it('refuses metadata that readers could not parse', async () => {
    const bad = { ...metadata, correlation_id: 'req-1' };
    await expect(
      handleCommand({ store: temp.store, stream, decider: userIds, command: allocate, metadata: bad, now }),
    ).rejects.toThrow(/invalid event metadata/);
    expect(await temp.store.headPosition()).toBe(0);
  });

  it('deciding nothing appends nothing', async () => {
    const idle: Decider<unknown, never, null> = { initialState: null, evolve: (s) => s, decide: () => [] };
    const result = await handleCommand({
      store: temp.store,
      stream: 'atlas-x',
      decider: idle,
      command: {},
      metadata,
      now,
    });
    expect(result).toEqual({ events: [], state: null, revision: -1, position: null });
    expect(await temp.store.headPosition()).toBe(0);
  });

  it('refuses to append events the catalogue does not vouch for', async () => {
    const broken: Decider<unknown, { type: string; data: unknown }, null> = {
      initialState: null,
      evolve: (s) => s,
      decide: () => [{ type: 'atlas.UserIdAllocated', data: { user_id: -1 } }],
    };
    await expect(
      handleCommand({ store: temp.store, stream, decider: broken, command: {}, metadata, now }),
    ).rejects.toBeInstanceOf(InvalidEventError);
    expect(await temp.store.headPosition()).toBe(0);
  });

  it('a stream holding an unknown event type fails loudly, naming it', async () => {
    await temp.store.append(stream, [
      {
        id: randomUUID(),
        type: 'atlas.Mystery',
        data: {},
        metadata: { ...metadata, occurred_at: now.toISOString(), schema_version: 1 },
      },
    ]);
    await expect(allocateOn(temp.store)).rejects.toThrow(UnknownEventTypeError);
  });

  it('with a state cache, reads only what was appended since, also by other writers', async () => {
    const cache = new StateCache();
    const run = () =>
      handleCommand({ store: temp.store, stream, decider: userIds, command: allocate, metadata, now, cache });
    await run();
    expect(cache.get(stream, userIds)).toEqual({ revision: 0, state: { lastAllocated: 1 } });
    await allocateOn(temp.store); // no cache
    const third = await run();
    expect(third.events[0]!.data).toEqual({ user_id: 3 });
    expect(cache.get(stream, userIds)).toEqual({ revision: 2, state: { lastAllocated: 3 } });
  });
});

describe('StateCache', () => {
  it('forgets the least recently used stream beyond its capacity, and never goes back in revision', () => {
    const cache = new StateCache(2);
    cache.set('a', userIds, { revision: 0, state: 1 });
    cache.set('b', userIds, { revision: 0, state: 1 });
    cache.get('a', userIds);
    cache.set('c', userIds, { revision: 0, state: 1 });
    expect(cache.get('b', userIds)).toBeUndefined();
    expect(cache.get('a', userIds)).toBeDefined();
    cache.set('a', userIds, { revision: 5, state: 6 });
    cache.set('a', userIds, { revision: 3, state: 4 });
    expect(cache.get('a', userIds)).toEqual({ revision: 5, state: 6 });
    expect(cache.get('a', {})).toBeUndefined(); // another decider's view of the stream
  });
});
