/**
 * Review of the group-commit write path and the shared tail of the embedded log (9df058f): real
 * SQLite files, real writer thread, no mocks.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendFromAnotherProcess } from '../test-fixtures/event-writer.js';
import { newEvent, newEvents, received, subscriber } from './conformance-fixtures.js';
import type { NewEvent } from './port.js';
import { openSqliteEventStore } from './sqlite.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-events-review-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const freshFile = () => path.join(dir, `${randomUUID()}.db`);

describe('sqlite event store review: one append of a group cannot fail the others', () => {
  it('an append SQLite itself refuses (undefined data: NOT NULL) fails alone; the rest of its group commits, with no partial rows', async () => {
    const store = openSqliteEventStore({ file: freshFile() });
    const good = newEvent();
    const bad: NewEvent = { ...newEvent(), data: undefined }; // type-correct: data is `unknown`
    const alsoGood = newEvents(2);
    const outcomes = await Promise.allSettled([
      store.append('s-1', [good], { expectedRevision: 'no_stream' }),
      store.append('s-2', [newEvent(), bad]), // its first event must not stay behind
      store.append('s-3', alsoGood),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readAll()).map((event) => [event.stream, event.id])).toEqual([
      ['s-1', good.id],
      ['s-3', alsoGood[0]!.id],
      ['s-3', alsoGood[1]!.id],
    ]);
    // Alone (committed on this thread), the same append is refused the same way.
    await expect(store.append('s-2', [newEvent(), bad])).rejects.toThrow(/NOT NULL/);
    expect(await store.readStream('s-2')).toEqual([]);
    await store.close();
  });

  it('idempotency and expected revisions inside one group: each append sees those asked for before it, refusals write nothing', async () => {
    const store = openSqliteEventStore({ file: freshFile() });
    const [e1, e2, e3, e4, e5] = newEvents(5);
    const outcomes = await Promise.allSettled([
      store.append('s-1', [e1!, e2!, e1!], { expectedRevision: 'no_stream' }), // repeat inside one append
      store.append('s-1', [e3!], { expectedRevision: 5 }), // refused
      store.append('s-2', [e1!, e4!], { expectedRevision: 'no_stream' }), // e1 stored by the first: only e4
      store.append('s-1', [e2!], { expectedRevision: 99 }), // all stored: a no-op success, whatever expected
      store.append('s-1', [e3!, e5!], { expectedRevision: 1 }), // the refused e3 is free to be written now
    ]);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : outcome.reason.name))).toEqual([
      { nextRevision: 1, position: 2, appended: 2 },
      'WrongExpectedRevisionError',
      { nextRevision: 0, position: 3, appended: 1 },
      { nextRevision: 1, position: 2, appended: 0 },
      { nextRevision: 3, position: 5, appended: 2 },
    ]);
    expect((await store.readAll()).map((event) => [event.id, event.stream, event.revision, event.position])).toEqual([
      [e1!.id, 's-1', 0, 1],
      [e2!.id, 's-1', 1, 2],
      [e4!.id, 's-2', 0, 3],
      [e3!.id, 's-1', 2, 4],
      [e5!.id, 's-1', 3, 5],
    ]);
    await store.close();
  });
});

describe('sqlite event store review: close()', () => {
  it('a second close() also resolves only once what was asked before it is written', async () => {
    const file = freshFile();
    const store = openSqliteEventStore({ file });
    const pending = store.append('s-1', newEvents(2));
    void store.close();
    await store.close();
    const reopened = openSqliteEventStore({ file });
    expect(await reopened.headPosition()).toBe(2);
    await reopened.close();
    await pending;
  });

  it('close() during a burst in the writer thread writes every append asked for before it, in order', async () => {
    const file = freshFile();
    const store = openSqliteEventStore({ file });
    const appends: Promise<unknown>[] = [];
    for (let wave = 0; wave < 20; wave += 1) {
      for (let n = 0; n < 5; n += 1)
        appends.push(
          store.append('s-1', [newEvent('T', { wave, n })], {
            expectedRevision: wave * 5 + n - 1 < 0 ? 'no_stream' : wave * 5 + n - 1,
          }),
        );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await store.close();
    expect((await Promise.allSettled(appends)).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    const reopened = openSqliteEventStore({ file });
    expect((await reopened.readStream('s-1')).map((event) => event.data)).toEqual(
      Array.from({ length: 100 }, (_, i) => ({ wave: Math.floor(i / 5), n: i % 5 })),
    );
    await reopened.close();
  });
});

describe('sqlite event store review: subscriptions over the shared tail while groups commit in the writer thread', () => {
  it('subscribers started at different moments, some slow, see every event once, in order, while bursts, lone appends and another process write', async () => {
    const file = freshFile();
    const store = openSqliteEventStore({ file, pollIntervalMs: 5 });
    const other = openSqliteEventStore({ file, pollIntervalMs: 5 }); // a second instance: its own tail cache
    const subs = [
      { after: 0, sub: subscriber(store, { after: 0, pageSize: 3 }) },
      { after: 0, sub: subscriber(other, { after: 0, pageSize: 1000, slow: true }) },
    ];
    const theirs = 200;
    const process2 = appendFromAnotherProcess(file, `theirs-${randomUUID()}`, theirs);
    let mine = 0;
    for (let round = 0; round < 60; round += 1) {
      const burst = 1 + (round % 7);
      const writer = round % 3 === 0 ? other : store;
      await Promise.all(Array.from({ length: burst }, () => writer.append(`s-${round % 4}`, [newEvent()])));
      mine += burst;
      if (round % 10 === 5) {
        const head = await store.headPosition();
        const after = Math.max(0, head - 4);
        subs.push({
          after,
          sub: subscriber(round % 20 === 5 ? store : other, { after, pageSize: 2, slow: round % 2 === 0 }),
        });
      }
      if (round % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await process2;
    const total = mine + theirs;
    expect(await store.headPosition()).toBe(total);
    for (const { after, sub } of subs) {
      await received(sub, total - after);
      await new Promise((resolve) => setTimeout(resolve, 30)); // anything repeated would show up now
      expect(sub.positions).toEqual(Array.from({ length: total - after }, (_, i) => after + 1 + i));
    }
    await Promise.all(subs.map(({ sub }) => sub.stop()));
    await Promise.all([store.close(), other.close()]);
  });
});
