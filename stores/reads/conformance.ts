/**
 * The ReadStore conformance suite (design §2): every adapter runs it, so that a projection or a
 * partner API behaves the same on the embedded store and on MongoDB. Expectations follow
 * MongoDB's own semantics; `open` must return a fresh, empty store each time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeBatchConformance } from './conformance-batches.js';
import { describeQueryConformance } from './conformance-queries.js';
import { describeUpdateConformance } from './conformance-updates.js';
import type { ConformanceContext } from './conformance-context.js';
import { ReadStoreUnavailableError, type ReadStore } from './port.js';

export function describeReadStoreConformance(name: string, open: () => Promise<ReadStore>): void {
  describe(`ReadStore conformance: ${name}`, () => {
    let store: ReadStore | undefined;
    let position = 0;

    beforeEach(async () => {
      store = await open();
      position = 0;
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    const context: ConformanceContext = {
      store() {
        if (!store) throw new Error('the store is opened in beforeEach');
        return store;
      },
      async apply(...ops) {
        position += 1;
        await context.store().applyBatch(ops, { name: 'test', position });
      },
      nextPosition: () => position + 1,
    };

    describeUpdateConformance(context);
    describeQueryConformance(context);
    describeBatchConformance(context);

    it('probe() resolves for reads and writes on a working store, and rejects with ReadStoreUnavailableError once it is closed', async () => {
      await context.store().probe('read');
      await context.store().probe();
      await context.store().probe('write'); // kept: answered again at once
      await context.apply({
        kind: 'update',
        collection: 'probed',
        filter: { _id: 'a' },
        update: { $set: { n: 1 } },
        upsert: true,
      });
      await context.store().close();
      for (const mode of ['read', 'write'] as const) {
        const error = await context
          .store()
          .probe(mode)
          .then(
            () => undefined,
            (thrown: unknown) => thrown,
          );
        expect(error).toBeInstanceOf(ReadStoreUnavailableError);
        expect(error).toMatchObject({ store: 'reads', reason: 'closed', retryAfterSeconds: 1 });
      }
    });
  });
}
