import { describe, expect, it } from 'vitest';
import { createReadModels } from '../read-models.js';
import type { Projection } from '../projection.js';
import { startProjections, versionsByName, type Projector } from './projector.js';
import { readProjectionRecord, type ProjectionRecord } from './projection-record.js';
import type { VersionSwitch } from './serving.js';
import {
  appendEvents,
  emptyExpected,
  newEvent,
  streamCounter,
  typeTotals,
  type Expected,
} from './test-fixtures/projections.js';
import { eventually, type TempStores } from './test-fixtures/stores.js';
import { tempStoresEachTest } from './test-fixtures/suite.js';

let stores: TempStores;
tempStoresEachTest((opened) => {
  stores = opened;
});

/** v2 of the stream counter also keeps the stream's last event type. */
function streamCounterV2(): Projection {
  const v1 = streamCounter(2);
  return {
    ...v1,
    project: (event) =>
      v1
        .project(event)
        .map((op) =>
          op.kind === 'update' ? { ...op, update: { ...op.update, $set: { last_type: event.type } } } : op,
        ),
  };
}

async function runV1ToHead(expected: Expected): Promise<void> {
  await appendEvents(stores.events, { count: 5000, streams: 10, perAppend: 500 }, expected);
  const projector = await startProjections({ ...stores, projections: [streamCounter(1), typeTotals(1)] });
  await eventually(async () => (await projector.lag()).every((lag) => lag.caught_up));
  await projector.stop();
}

describe('versions (blue/green)', () => {
  it('a first run makes its version active at once', async () => {
    const switches: VersionSwitch[] = [];
    const projector = await startProjections({ ...stores, projections: [streamCounter(3)] });
    projector.switches$.subscribe((change) => switches.push(change));
    expect(await readProjectionRecord(stores.reads, 'stream_counter')).toMatchObject({
      _id: 'stream_counter',
      active_version: 3,
      active_collections: ['stream_counts__v3'],
      status: 'running',
    });
    expect((await projector.lag())[0]).toMatchObject({ projection: 'stream_counter', version: 3, caught_up: true });
    await projector.stop();
  });

  it('builds a new version while the old one serves, then switches and drops the old collections', async () => {
    const expected = emptyExpected();
    await runV1ToHead(expected);
    const readModels = createReadModels({
      reads: stores.reads,
      projections: [streamCounterV2(), typeTotals(1)],
      maxAgeMs: 60_000,
    });
    const switches: VersionSwitch[] = [];
    const duringBuild: Array<Promise<[ProjectionRecord | null, string, number]>> = [];
    const projector = await startProjections({
      ...stores,
      projections: [streamCounterV2(), typeTotals(1)],
      batchSize: 100,
      retireAfterMs: 0,
      onBatch: (progress) => {
        // The store answers synchronously: these reads see the state right after v2's first batch.
        if (progress.role === 'building' && duringBuild.length === 0) {
          duringBuild.push(
            Promise.all([
              readProjectionRecord(stores.reads, 'stream_counter'),
              readModels.resolve('stream_counts'),
              readModels.count('stream_counts'),
            ]),
          );
        }
      },
    });
    const readModelsFollowing = createReadModels({
      reads: stores.reads,
      projections: [streamCounterV2()],
      switches: projector.switches$,
      maxAgeMs: 60_000,
    });
    expect(await readModelsFollowing.resolve('stream_counts')).toBe('stream_counts__v1');
    projector.switches$.subscribe((change) => switches.push(change));

    await eventually(
      async () => (await readProjectionRecord(stores.reads, 'stream_counter'))?.active_version === 2,
      20_000,
      'switch',
    );
    const [entry, servedFrom, served] = await duringBuild[0]!;
    expect(entry).toMatchObject({
      active_version: 1,
      building_version: 2,
      building_collections: ['stream_counts__v2'],
      status: 'building',
    });
    expect(servedFrom).toBe('stream_counts__v1');
    expect(served).toBe(10);

    expect(switches).toEqual([{ projection: 'stream_counter', from: 1, to: 2 }]);
    expect(await readModelsFollowing.resolve('stream_counts')).toBe('stream_counts__v2');
    await eventually(
      async () => !(await stores.reads.listCollections('stream_counts')).includes('stream_counts__v1'),
      20_000,
      'drop of v1',
    );
    expect(await stores.reads.listCollections('stream_counts')).toEqual(['stream_counts__v2']);
    expect((await stores.reads.checkpoints()).map((c) => c.name)).not.toContain('stream_counter@v1');
    expect(await readProjectionRecord(stores.reads, 'stream_counter')).toMatchObject({
      active_version: 2,
      active_collections: ['stream_counts__v2'],
      status: 'running',
    });
    expect((await readProjectionRecord(stores.reads, 'stream_counter'))?.building_version).toBeUndefined();

    // v2 now runs live as the active version.
    await stores.events.append('account-0', [newEvent('Closed', {})]);
    const doc = await eventually(async () => {
      const found = await readModelsFollowing.findOne('stream_counts', { _id: 'account-0' });
      return found?.last_type === 'Closed' ? found : undefined;
    });
    expect(doc.count).toBe(expected.streams.get('account-0')!.count + 1);
    const states = await projector.lag();
    expect(states.find((state) => state.projection === 'stream_counter')).toMatchObject({
      version: 2,
      status: 'running',
      caught_up: true,
    });
    expect(states.find((state) => state.projection === 'stream_counter')?.building).toBeUndefined();
    await projector.stop();
  });

  it('keeps the old version live while the new one builds when both are registered', async () => {
    const expected = emptyExpected();
    await runV1ToHead(expected);
    const projector = await startProjections({
      ...stores,
      projections: [streamCounter(1), streamCounterV2()],
      batchSize: 200,
      retireAfterMs: 60_000,
    });
    await eventually(
      async () => (await readProjectionRecord(stores.reads, 'stream_counter'))?.active_version === 2,
      20_000,
      'switch',
    );
    // The old version outlives the switch by a grace period (readers in other processes), ...
    expect(await readProjectionRecord(stores.reads, 'stream_counter')).toMatchObject({
      retired_version: 1,
      retired_collections: ['stream_counts__v1'],
    });
    expect(await stores.reads.listCollections('stream_counts')).toEqual(['stream_counts__v1', 'stream_counts__v2']);
    await projector.stop();
    // ... and is dropped at the next start when the process stopped before the end of it.
    const restarted = await startProjections({ ...stores, projections: [streamCounterV2()] });
    expect(await stores.reads.listCollections('stream_counts')).toEqual(['stream_counts__v2']);
    expect((await readProjectionRecord(stores.reads, 'stream_counter'))?.retired_version).toBeUndefined();
    await restarted.stop();
    const docs = await stores.reads.find('stream_counts__v2', {}, { sort: { _id: 1 } });
    expect(docs.map((doc) => [doc._id, doc.count])).toEqual(
      [...expected.streams].sort().map(([stream, seen]) => [stream, seen.count]),
    );
  });

  it('keeps serving (and updating) the old version when the build of the new one fails', async () => {
    const expected = emptyExpected();
    await runV1ToHead(expected);
    await stores.events.append('gate', [newEvent('Gate', {})]);
    const v2 = streamCounterV2();
    const failing: Projection = {
      ...v2,
      project: (event) => {
        if (event.type === 'Gate') throw new Error('v2 cannot read Gate events');
        return v2.project(event);
      },
    };
    const projector = await startProjections({ ...stores, projections: [streamCounter(1), failing] });
    const readModels = createReadModels({ reads: stores.reads, projections: [failing], switches: projector.switches$ });
    const entry = await eventually(async () => {
      const found = await readProjectionRecord(stores.reads, 'stream_counter');
      return found?.status === 'failed' ? found : undefined;
    });
    expect(entry).toMatchObject({
      active_version: 1,
      building_version: 2,
      error: { version: 2, type: 'Gate', position: 5001 },
    });
    await stores.events.append('late', [newEvent('Noted', {})]);
    const late = await eventually(() => readModels.findOne('stream_counts', { _id: 'late' }));
    expect(late).toMatchObject({ count: 1, last_position: 5002 });
    expect(await readModels.resolve('stream_counts')).toBe('stream_counts__v1');
    const [state] = await projector.lag();
    expect(state).toMatchObject({
      version: 1,
      status: 'failed',
      position: 5002,
      caught_up: true,
      building: { version: 2, position: 5000 },
    });
    await projector.stop();
  });

  it('resumes an interrupted build from its own checkpoint', async () => {
    const expected = emptyExpected();
    await runV1ToHead(expected);
    const v2 = streamCounterV2();
    const stopping: { projector?: Projector; stopped?: Promise<void> } = {};
    const interrupted: Projection = {
      ...v2,
      // Asks for a graceful stop while projecting position 1000 (the last of the 10th batch).
      project: (event) => {
        if (event.position === 1000) stopping.stopped = stopping.projector!.stop();
        return v2.project(event);
      },
    };
    stopping.projector = await startProjections({ ...stores, projections: [interrupted], batchSize: 100 });
    await eventually(() => stopping.stopped !== undefined, 20_000, 'the stop');
    await stopping.stopped;
    expect(await readProjectionRecord(stores.reads, 'stream_counter')).toMatchObject({
      active_version: 1,
      building_version: 2,
    });
    expect(await stores.reads.checkpoint('stream_counter@v2')).toBe(1000);

    const resumed = await startProjections({
      ...stores,
      projections: [streamCounterV2()],
      batchSize: 100,
      retireAfterMs: 0,
    });
    await eventually(
      async () => (await readProjectionRecord(stores.reads, 'stream_counter'))?.active_version === 2,
      20_000,
      'switch',
    );
    await resumed.stop();
    const docs = await stores.reads.find('stream_counts__v2', {}, { sort: { _id: 1 } });
    expect(docs.map((doc) => [doc._id, doc.count, doc.revision_sum])).toEqual(
      [...expected.streams].sort().map(([stream, seen]) => [stream, seen.count, seen.revision_sum]),
    );
  });

  it('refuses lists where two projections write one collection, or a version twice', () => {
    expect(() =>
      versionsByName([streamCounter(1), { ...typeTotals(1), collections: { stream_counts: { indexes: [] } } }]),
    ).toThrow(/stream_counts.*both/);
    expect(() => versionsByName([streamCounter(1), streamCounter(1)])).toThrow(/twice/);
  });

  it('ReadModels names the known collections when asked for an unknown one', async () => {
    const readModels = createReadModels({ reads: stores.reads, projections: [streamCounter(1)] });
    await expect(readModels.find('nope')).rejects.toThrow(/known: stream_counts/);
  });
});
