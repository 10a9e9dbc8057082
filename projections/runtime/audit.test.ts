import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../stores/events/port.js';
import { canonicalJson } from './content-hash.js';
import { startProjections } from './projector.js';
import { rebuild } from './rebuild.js';
import { dropScratch, replay } from './replay.js';
import { appendEvents, emptyExpected, streamCounter, typeTotals } from './test-fixtures/projections.js';
import { eventually, type TempStores } from './test-fixtures/stores.js';
import { tempStoresEachTest } from './test-fixtures/suite.js';
import { verify } from './verify.js';

let stores: TempStores;
tempStoresEachTest((opened) => {
  stores = opened;
});

async function allEvents(): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (
    let page = await stores.events.readAll({ limit: 1000 });
    page.length > 0;
    page = await stores.events.readAll({ after: page.at(-1)!.position, limit: 1000 })
  ) {
    all.push(...page);
  }
  return all;
}

/** Per-stream counts computed straight from the log. */
function countsOf(events: readonly StoredEvent[]): Array<{ _id: string; count: number }> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.stream, (counts.get(event.stream) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([_id, count]) => ({ _id, count }));
}

async function runToHead(): Promise<void> {
  const projector = await startProjections({ ...stores, projections: [streamCounter(), typeTotals()] });
  await eventually(async () => (await projector.lag()).every((lag) => lag.caught_up));
  await projector.stop();
}

describe('replay', () => {
  it('builds a read model as of a global position into a scratch namespace', async () => {
    await appendEvents(stores.events, { count: 3000, streams: 7, perAppend: 100 }, emptyExpected());
    const result = await replay(streamCounter(), { ...stores, until: 1234, batchSize: 500 });
    expect(result).toMatchObject({
      namespace: `scratch_${result.id}__`,
      position: 1234,
      events: 1234,
      dead_letters: 0,
    });
    const physical = `scratch_${result.id}__stream_counts`;
    expect(result.collections).toEqual([{ collection: 'stream_counts', physical, count: 7 }]);
    const docs = await stores.reads.find(physical, {}, { sort: { _id: 1 } });
    expect(docs.map(({ _id, count }) => ({ _id, count }))).toEqual(countsOf((await allEvents()).slice(0, 1234)));
    // The live model is untouched and the scratch checkpoint is gone.
    expect(await stores.reads.listCollections('stream_counts')).toEqual([]);
    expect((await stores.reads.checkpoints()).map((c) => c.name)).toEqual([]);
    await dropScratch(stores.reads, result.id);
    expect(await stores.reads.listCollections('scratch_')).toEqual([]);
  });

  it('builds a read model as of a time: the events recorded at or before it', async () => {
    await appendEvents(stores.events, { count: 400, streams: 3 }, emptyExpected());
    const cut = (await allEvents()).at(-1)!.recorded_at;
    // Later appends must carry a later recorded_at (millisecond clock).
    await eventually(() => Date.now() > Date.parse(cut));
    await appendEvents(stores.events, { count: 600, streams: 5, prefix: 'later' }, emptyExpected());
    const result = await replay(streamCounter(), { ...stores, until: new Date(cut) });
    expect(result).toMatchObject({ position: 1000, events: 400 });
    const docs = await stores.reads.find(`scratch_${result.id}__stream_counts`, {}, { sort: { _id: 1 } });
    const before = (await allEvents()).filter((event) => Date.parse(event.recorded_at) <= Date.parse(cut));
    expect(before).toHaveLength(400);
    expect(docs.map(({ _id, count }) => ({ _id, count }))).toEqual(countsOf(before));
    await dropScratch(stores.reads, result.id);
  });
});

describe('verify', () => {
  it('matches a live model built by the projector, and drops its scratch collections', async () => {
    await appendEvents(stores.events, { count: 3000, streams: 9, perAppend: 300 }, emptyExpected());
    await runToHead();
    const report = await verify([streamCounter(), typeTotals()], stores);
    expect(report.ok).toBe(true);
    expect(report.skipped).toEqual([]);
    expect(report.collections.map((c) => [c.projection, c.collection, c.position, c.match, c.live.count])).toEqual([
      ['stream_counter', 'stream_counts', 3000, true, 9],
      ['type_totals', 'type_totals', 3000, true, 2],
    ]);
    for (const verdict of report.collections) expect(verdict.live.hash).toBe(verdict.scratch.hash);
    expect(await stores.reads.listCollections('scratch_')).toEqual([]);
    expect((await stores.reads.checkpoints()).some((c) => c.name.startsWith('scratch_'))).toBe(false);
  });

  it('reports a mismatch after a live document is tampered with, and rebuild repairs it', async () => {
    await appendEvents(stores.events, { count: 2000, streams: 4, perAppend: 100 }, emptyExpected());
    await runToHead();
    await stores.reads.applyBatch(
      [
        {
          kind: 'update',
          collection: 'stream_counts__v1',
          filter: { _id: 'account-2' },
          update: { $inc: { count: 1 } },
        },
      ],
      { name: 'tampering', position: 1 },
    );
    const report = await verify([streamCounter(), typeTotals()], stores);
    expect(report.ok).toBe(false);
    const verdicts = Object.fromEntries(report.collections.map((c) => [c.collection, c]));
    expect(verdicts.stream_counts).toMatchObject({ match: false, live: { count: 4 }, scratch: { count: 4 } });
    expect(verdicts.stream_counts!.live.hash).not.toBe(verdicts.stream_counts!.scratch.hash);
    expect(verdicts.type_totals?.match).toBe(true);

    const rebuilt = await rebuild(streamCounter(), stores);
    expect(rebuilt).toEqual({ position: 2000, events: 2000 });
    expect((await verify([streamCounter(), typeTotals()], stores)).ok).toBe(true);
  });

  it('verifies at the live checkpoint while the live model lags behind the log', async () => {
    await appendEvents(stores.events, { count: 1000, streams: 4, perAppend: 100 }, emptyExpected());
    await runToHead();
    await appendEvents(stores.events, { count: 500, streams: 4, prefix: 'unprojected' }, emptyExpected());
    const report = await verify([streamCounter()], stores);
    expect(report.ok).toBe(true);
    expect(report.collections[0]).toMatchObject({ position: 1000, match: true, scratch: { count: 4 } });
  });
});

describe('canonicalJson', () => {
  it('does not depend on the order in which fields were written', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});
