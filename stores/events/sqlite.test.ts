import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { appendFromAnotherProcess } from '../test-fixtures/event-writer.js';
import { describeEventStoreConformance } from './conformance.js';
import { isStrictlyIncreasing, newEvent, newEvents, received, streamName, subscriber } from './conformance-fixtures.js';
import { openEventStore } from './open.js';
import { openSqliteEventStore } from './sqlite.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-events-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const freshFile = () => path.join(dir, `${randomUUID()}.db`);

describeEventStoreConformance('sqlite', () => openSqliteEventStore({ file: freshFile(), pollIntervalMs: 20 }));

describe('sqlite event store', () => {
  it('starts empty at head 0, creating the missing folders of its file', async () => {
    const file = path.join(dir, randomUUID(), 'nested', 'events.db');
    const store = openSqliteEventStore({ file });
    expect(fs.existsSync(file)).toBe(true);
    expect(await store.headPosition()).toBe(0);
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });

  it('opens <dataDir>/events.db when no ESDB_URL is set', async () => {
    const dataDir = path.join(dir, randomUUID());
    const store = openEventStore({ dataDir });
    expect(store.kind).toBe('sqlite');
    await store.append('s-1', [newEvent()]);
    await store.close();
    expect(fs.existsSync(path.join(dataDir, 'events.db'))).toBe(true);
  });

  it('has its head exactly at the last position, unmoved by rejected and no-op appends', async () => {
    const store = openSqliteEventStore({ file: freshFile() });
    const batch = newEvents(3);
    const result = await store.append('s-1', batch);
    expect(result.position).toBe(3);
    expect(await store.headPosition()).toBe(3);
    await expect(store.append('s-1', [newEvent()], { expectedRevision: 0 })).rejects.toThrow('expected revision 0');
    await store.append('s-1', batch);
    expect(await store.headPosition()).toBe(3);
    expect((await store.readAll()).map((event) => event.position)).toEqual([1, 2, 3]);
    await store.close();
  });

  it('keeps the log across close and reopen, never reusing a position', async () => {
    const file = freshFile();
    const first = openSqliteEventStore({ file });
    await first.append('s-1', newEvents(2));
    await first.close();
    const second = openSqliteEventStore({ file });
    expect((await second.readStream('s-1')).map((event) => event.revision)).toEqual([0, 1]);
    expect((await second.append('s-1', [newEvent()], { expectedRevision: 1 })).position).toBe(3);
    await second.close();
  });

  it('two instances on one file: conflicts and idempotency hold across them, and a subscriber on one sees appends through the other', async () => {
    const file = freshFile();
    const a = openSqliteEventStore({ file, pollIntervalMs: 20 });
    const b = openSqliteEventStore({ file, pollIntervalMs: 20 });
    const stream = streamName('shared');
    const sub = subscriber(a, { after: 0, pageSize: 7 });
    const batch = newEvents(3);
    await b.append(stream, batch, { expectedRevision: 'no_stream' });
    await expect(a.append(stream, [newEvent()], { expectedRevision: 'no_stream' })).rejects.toThrow('actual 2');
    expect(await a.append(stream, batch, { expectedRevision: 'no_stream' })).toMatchObject({
      appended: 0,
      position: 3,
    });
    for (let n = 0; n < 50; n += 1) await b.append(stream, [newEvent()]);
    await received(sub, 53);
    await sub.stop();
    expect(sub.events.map((event) => event.revision)).toEqual(Array.from({ length: 53 }, (_, r) => r));
    await a.close();
    await b.close();
  });

  it('finds, by polling, rows written to the file behind its back', async () => {
    const file = freshFile();
    const store = openSqliteEventStore({ file, pollIntervalMs: 20 });
    const sub = subscriber(store, { after: 0 });
    await store.append('s-1', [newEvent()]);
    await received(sub, 1);
    // Another writer, as another process would be: no in-process notification reaches the store.
    const raw = new Database(file);
    raw
      .prepare(
        "INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, 's-2', 0, 'Raw', '{}', '{}', ?)",
      )
      .run(randomUUID(), new Date().toISOString());
    raw.close();
    await received(sub, 2);
    await sub.stop();
    expect(sub.events.map((event) => [event.stream, event.position])).toEqual([
      ['s-1', 1],
      ['s-2', 2],
    ]);
    await store.close();
  });

  it('a real second Node process appends to the same file while this one appends and subscribes: every event once, in order', async () => {
    const file = freshFile();
    const store = openSqliteEventStore({ file, pollIntervalMs: 20 });
    const theirs = streamName('theirs');
    const mine = streamName('mine');
    const count = 300;
    const sub = subscriber(store, { after: 0, pageSize: 50, slow: true });
    await Promise.all([
      appendFromAnotherProcess(file, theirs, count),
      (async () => {
        for (let revision = 0; revision < count; revision += 1) {
          await store.append(mine, [newEvent('Ticked', { revision })], {
            expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
          });
          if (revision % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1)); // let the other process in
        }
      })(),
    ]);
    await received(sub, 2 * count);
    const sentinel = newEvent('Sentinel');
    await store.append(mine, [sentinel]);
    await received(sub, 2 * count + 1);
    await sub.stop();

    expect(sub.events).toHaveLength(2 * count + 1);
    expect(isStrictlyIncreasing(sub.positions)).toBe(true);
    expect(sub.positions).toEqual(Array.from({ length: 2 * count + 1 }, (_, i) => i + 1));
    for (const stream of [theirs, mine]) {
      const revisions = sub.events.filter((event) => event.stream === stream).map((event) => event.revision);
      expect(revisions.slice(0, count)).toEqual(Array.from({ length: count }, (_, r) => r));
    }
    expect(sub.events.at(-1)!.id).toBe(sentinel.id);
    await store.close();
  });
});

describe('sqlite event store: group commit and the shared tail of the log', () => {
  it('appends asked for together commit together (in the writer thread), each on its own: a refused one leaves the others written', async () => {
    const store = openSqliteEventStore({ file: freshFile() });
    const [first, clash, other] = [newEvent(), newEvent(), newEvent()];
    const outcomes = await Promise.allSettled([
      store.append('s-1', [first], { expectedRevision: 'no_stream' }),
      store.append('s-1', [clash], { expectedRevision: 'no_stream' }), // sees the first, asked for just before
      store.append('s-2', [other], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
      name: 'WrongExpectedRevisionError',
      stream: 's-1',
      actual: 0,
    });
    expect((await store.readAll()).map((event) => [event.id, event.position])).toEqual([
      [first.id, 1],
      [other.id, 2],
    ]);
    await store.close();
  });

  it('writes on close() what was asked for before it, and refuses appends after it', async () => {
    const file = freshFile();
    const store = openSqliteEventStore({ file });
    const pending = store.append('s-1', newEvents(2));
    await store.close();
    expect(await pending).toMatchObject({ appended: 2, position: 2 });
    await expect(store.append('s-1', [newEvent()])).rejects.toThrow('closed');
    const reopened = openSqliteEventStore({ file });
    expect(await reopened.headPosition()).toBe(2);
    await reopened.close();
  });

  it('stores data and metadata as the caller serialised them (toJSON applied, undefined fields dropped)', async () => {
    const store = openSqliteEventStore({ file: freshFile() });
    const at = new Date('2026-01-02T03:04:05.000Z');
    await store.append('s-1', [newEvent('Typed', { at, gone: undefined, n: 1.5, nested: { list: [1, 'two', null] } })]);
    const [event] = await store.readAll();
    expect(event!.data).toEqual({ at: '2026-01-02T03:04:05.000Z', n: 1.5, nested: { list: [1, 'two', null] } });
    await store.close();
  });

  it('hands every subscription the same events, parsed once and frozen; readAll gives the caller its own', async () => {
    const store = openSqliteEventStore({ file: freshFile() });
    await store.append('s-1', newEvents(5));
    const [a, b] = [subscriber(store, { after: 0 }), subscriber(store, { after: 2, pageSize: 2 })];
    await Promise.all([received(a, 5), received(b, 3)]);
    expect(b.events).toEqual(a.events.slice(2));
    expect(b.events[0]).toBe(a.events[2]);
    const [first] = a.events;
    expect(Object.isFrozen(first) && Object.isFrozen(first!.data) && Object.isFrozen(first!.metadata)).toBe(true);
    expect(() => {
      (first!.data as { n: number }).n = 99;
    }).toThrow(TypeError);
    // Appends after: both see them, from SQLite once.
    await store.append('s-1', newEvents(3));
    await Promise.all([received(a, 8), received(b, 6)]);
    expect(b.events.slice(3)).toEqual(a.events.slice(5));
    expect(b.events.at(-1)).toBe(a.events.at(-1));
    await Promise.all([a.stop(), b.stop()]);
    const [own] = await store.readAll({ after: 0, limit: 1 });
    expect(own).toEqual(first);
    expect(Object.isFrozen(own)).toBe(false);
    await store.close();
  });

  it('a reader of one instance sees at once what another instance on the same file appended', async () => {
    const file = freshFile();
    const a = openSqliteEventStore({ file });
    const b = openSqliteEventStore({ file });
    await a.append('s-1', newEvents(2));
    expect(await b.readAll()).toHaveLength(2);
    await b.append('s-1', newEvents(1));
    expect((await a.readAll({ after: 2 })).map((event) => event.position)).toEqual([3]);
    await a.close();
    await b.close();
  });
});
