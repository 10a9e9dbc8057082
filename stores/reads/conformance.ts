/**
 * The ReadStore conformance suite (design §2): every adapter runs it, so that a projection or a
 * partner API behaves the same on the embedded store and on MongoDB. Expectations follow
 * MongoDB's own semantics; `open` must return a fresh, empty store each time.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { describeBatchConformance } from './conformance-batches.js';
import { describeQueryConformance } from './conformance-queries.js';
import { describeUpdateConformance } from './conformance-updates.js';
import type { ConformanceContext } from './conformance-context.js';
import type { ReadStore } from './port.js';

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
  });
}
