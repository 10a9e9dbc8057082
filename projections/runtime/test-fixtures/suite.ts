/**
 * What the runtime's test files share inside vitest (the child processes import the other
 * fixtures, never this one): fresh stores around each test, and the check of the counters' totals.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import type { ReadStore } from '../../../stores/reads/port.js';
import type { Expected } from './projections.js';
import { openTempStores, type TempStores } from './stores.js';

/** Opens fresh stores before each test of the calling file (then `use`s them) and closes them after it. */
export function tempStoresEachTest(use: (stores: TempStores) => void | Promise<void>): void {
  let stores: TempStores | undefined;
  beforeEach(async () => {
    stores = openTempStores();
    await use(stores);
  });
  afterEach(async () => {
    await stores?.close();
  });
}

/** Both read models of `streamCounter(version)` and `typeTotals(version)` hold exactly `expected`: every event applied once. */
export async function expectTotals(reads: ReadStore, expected: Expected, version = 1): Promise<void> {
  const counts = await reads.find(`stream_counts__v${version}`, {}, { sort: { _id: 1 } });
  expect(counts.map(({ _id, count, revision_sum }) => ({ _id, count, revision_sum }))).toEqual(
    [...expected.streams].sort(([a], [b]) => (a < b ? -1 : 1)).map(([_id, seen]) => ({ _id, ...seen })),
  );
  const totals = await reads.find(`type_totals__v${version}`, {}, { sort: { _id: 1 } });
  expect(totals.map(({ _id, total, events }) => ({ _id, total, events }))).toEqual(
    [...expected.types].sort(([a], [b]) => (a < b ? -1 : 1)).map(([_id, sums]) => ({ _id, ...sums })),
  );
}
