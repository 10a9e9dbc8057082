import { describe, expect, it } from 'vitest';
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { ReadStore } from '../../stores/reads/port.js';
import { startProjections } from './projector.js';
import { readProjectionRecord } from './projection-record.js';
import { newEvent, poisonSensitive } from './test-fixtures/projections.js';
import { eventually, recordingLogger, type TempStores } from './test-fixtures/stores.js';
import { tempStoresEachTest } from './test-fixtures/suite.js';

let stores: TempStores;
tempStoresEachTest((opened) => {
  stores = opened;
});

/** 10 good events, a Poison one at position 11 on stream `bad`, then 5 good ones. */
async function poisonedLog(): Promise<StoredEvent> {
  for (let i = 0; i < 10; i += 1) await stores.events.append(`good-${i % 2}`, [newEvent('Noted', { i })]);
  await stores.events.append('bad', [newEvent('Poison', {})]);
  for (let i = 0; i < 5; i += 1) await stores.events.append(`good-${i % 2}`, [newEvent('Noted', { i })]);
  const [poison] = await stores.events.readAll({ after: 10, limit: 1 });
  return poison!;
}

async function counted(collection: string): Promise<number> {
  const docs = await stores.reads.find(collection);
  return docs.reduce((sum, doc) => sum + (doc.count as number), 0);
}

/**
 * A projection whose writes the store rejects for one event: `Corrupt` sets `count` to a string,
 * so the next `$inc` of that document fails in the store (as it would in MongoDB).
 */
function storeRejecting(): Projection {
  return {
    name: 'fragile',
    version: 1,
    collections: { fragile_counts: { indexes: [] } },
    project: (event) => [
      {
        kind: 'update',
        collection: 'fragile_counts',
        filter: { _id: event.stream },
        update: event.type === 'Corrupt' ? { $set: { count: 'broken' } } : { $inc: { count: 1 } },
        upsert: true,
      },
    ],
  };
}

describe('poison events', () => {
  it('stop the projection with a report naming the event, recorded in the registry and logged', async () => {
    const poison = await poisonedLog();
    const logger = recordingLogger();
    const projector = await startProjections({ ...stores, projections: [poisonSensitive()], logger });
    const entry = await eventually(async () => {
      const found = await readProjectionRecord(stores.reads, 'poison_sensitive');
      return found?.status === 'failed' ? found : undefined;
    });
    const report = {
      projection: 'poison_sensitive',
      version: 1,
      event_id: poison.id,
      type: 'Poison',
      stream: 'bad',
      position: 11,
      error: 'cannot handle Poison',
    };
    expect(entry.error).toEqual(report);
    expect(logger.entries).toContainEqual({
      level: 'error',
      details: { poison: report },
      message: 'poison event: projection poison_sensitive stops',
    });
    expect(await stores.reads.checkpoint('poison_sensitive@v1')).toBe(10);
    expect(await counted('poison_counts__v1')).toBe(10);
    const [state] = await projector.lag();
    expect(state).toMatchObject({
      projection: 'poison_sensitive',
      status: 'failed',
      position: 10,
      head_position: 16,
      caught_up: false,
    });
    await projector.stop();
  });

  it('with dead-letter, are recorded in _dead_letters and skipped', async () => {
    const poison = await poisonedLog();
    const projector = await startProjections({ ...stores, projections: [poisonSensitive()], onPoison: 'dead-letter' });
    await eventually(async () => (await projector.lag())[0]!.caught_up);
    await projector.stop();
    expect(await counted('poison_counts__v1')).toBe(15);
    const letters = await stores.reads.find('_dead_letters');
    expect(letters).toEqual([
      {
        _id: 'poison_sensitive@v1:11',
        projection: 'poison_sensitive',
        version: 1,
        position: 11,
        event_id: poison.id,
        type: 'Poison',
        stream: 'bad',
        error: 'cannot handle Poison',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect((await readProjectionRecord(stores.reads, 'poison_sensitive'))?.status).toBe('running');
  });

  it('rejected by the store are found by re-applying the batch event by event', async () => {
    await stores.events.append('ok', [newEvent('Noted', {}), newEvent('Noted', {})]); // 1, 2
    await stores.events.append('broken', [newEvent('Noted', {}), newEvent('Corrupt', {}), newEvent('Noted', {})]); // 3, 4, 5
    await stores.events.append('ok', [newEvent('Noted', {})]); // 6
    const logger = recordingLogger();
    const projector = await startProjections({ ...stores, projections: [storeRejecting()], logger });
    const entry = await eventually(async () => {
      const found = await readProjectionRecord(stores.reads, 'fragile');
      return found?.status === 'failed' ? found : undefined;
    });
    await projector.stop();
    expect(entry.error).toMatchObject({ projection: 'fragile', type: 'Noted', stream: 'broken', position: 5 });
    // Everything before the culprit is applied, nothing after it.
    expect(await stores.reads.checkpoint('fragile@v1')).toBe(4);
    expect(await stores.reads.find('fragile_counts__v1', {}, { sort: { _id: 1 } })).toEqual([
      { _id: 'broken', count: 'broken' },
      { _id: 'ok', count: 2 },
    ]);
    expect(logger.entries.some((entry) => entry.level === 'warn' && /event by event/.test(entry.message ?? ''))).toBe(
      true,
    );
  });

  it('rejected by the store are dead-lettered and the rest of the batch applied', async () => {
    await stores.events.append('ok', [newEvent('Noted', {}), newEvent('Noted', {})]);
    await stores.events.append('broken', [newEvent('Noted', {}), newEvent('Corrupt', {}), newEvent('Noted', {})]);
    await stores.events.append('ok', [newEvent('Noted', {})]);
    const projector = await startProjections({ ...stores, projections: [storeRejecting()], onPoison: 'dead-letter' });
    await eventually(async () => (await projector.lag())[0]!.caught_up);
    await projector.stop();
    expect(await stores.reads.find('fragile_counts__v1', {}, { sort: { _id: 1 } })).toEqual([
      { _id: 'broken', count: 'broken' },
      { _id: 'ok', count: 3 },
    ]);
    const letters = await stores.reads.find('_dead_letters');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ projection: 'fragile', position: 5, stream: 'broken', type: 'Noted' });
    expect(String(letters[0]!.error)).toMatch(/inc|numeric|number/i);
  });

  it('are not blamed when the store refuses every write: the run fails, restarts later and catches up', async () => {
    const logger = recordingLogger();
    // A store that refuses every write with an error of its own, not a StoreUnavailableError (a
    // locked SQLite file is one, and is waited out instead: store-outage.test.ts).
    let down = false;
    const reads: ReadStore = {
      ...stores.reads,
      applyBatch: (ops, checkpoint) =>
        down ? Promise.reject(new Error('connection reset by peer')) : stores.reads.applyBatch(ops, checkpoint),
    };
    const failed = logger.error;
    logger.error = (details, message) => {
      failed(details, message);
      if (message === 'projection failed') down = false; // the outage ends
    };
    const projector = await startProjections({
      ...stores,
      reads,
      projections: [poisonSensitive()],
      logger,
      restartDelayMs: 50,
    });
    down = true;
    for (let i = 0; i < 5; i += 1) await stores.events.append(`good-${i % 2}`, [newEvent('Noted', { i })]);
    await eventually(
      async () =>
        (await projector.lag())[0]!.caught_up &&
        (await readProjectionRecord(stores.reads, 'poison_sensitive'))?.status === 'running',
      30_000,
    );
    await projector.stop();
    expect(await counted('poison_counts__v1')).toBe(5);
    expect(logger.entries.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      'restarting the projection after a failure',
    ]);
    expect(logger.entries.some((entry) => 'poison' in entry.details)).toBe(false);
  }, 60_000);
});
