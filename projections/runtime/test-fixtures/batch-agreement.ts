/**
 * Whether a projection's `projectBatch` agrees with its `project` (see `projection.ts`): the same
 * events applied to two real SQLite read stores, on one side one event per batch through
 * `project`, on the other in random runs through the runtime's planner (`plan.ts`, which takes
 * `projectBatch`). A test compares the documents of every collection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Projection } from '../../projection.js';
import type { StoredEvent } from '../../../stores/events/port.js';
import type { Doc } from '../../../stores/reads/port.js';
import { openSqliteReadStore } from '../../../stores/reads/sqlite.js';
import { planBatch, writesOf } from '../plan.js';
import { seededRandom } from './random.js';

export interface BothWays {
  /** Logical collection → its documents in `_id` order. */
  oneByOne: Record<string, Doc[]>;
  inRuns: Record<string, Doc[]>;
  /** Writes applied on each side. */
  writes: { oneByOne: number; inRuns: number };
}

export async function appliedBothWays(
  projection: Projection,
  events: readonly StoredEvent[],
  { seed, longestRun }: { seed: number; longestRun: number },
): Promise<BothWays> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-batch-agreement-'));
  const collections = new Map(Object.keys(projection.collections).map((name) => [name, name]));
  const oneByOne = openSqliteReadStore({ file: path.join(dir, 'one-by-one.db') });
  const inRuns = openSqliteReadStore({ file: path.join(dir, 'in-runs.db') });
  const writes = { oneByOne: 0, inRuns: 0 };
  try {
    for (const event of events) {
      const ops = writesOf(projection, collections, event);
      writes.oneByOne += ops.length;
      await oneByOne.applyBatch(ops, { name: 'one-by-one', position: event.position });
    }
    const next = seededRandom(seed);
    for (let from = 0; from < events.length;) {
      const run = events.slice(from, from + 1 + Math.floor(next() * longestRun));
      const plan = planBatch(projection, collections, run);
      if (plan.failure)
        throw new Error(`event at ${run[plan.end]!.position} cannot be projected: ${String(plan.failure.error)}`);
      writes.inRuns += plan.ops.length;
      await inRuns.applyBatch(plan.ops, { name: 'in-runs', position: run.at(-1)!.position });
      from += run.length;
    }
    const documents = async (store: typeof oneByOne) => {
      const all: Record<string, Doc[]> = {};
      for (const name of collections.keys()) all[name] = await store.find(name, {}, { sort: { _id: 1 } });
      return all;
    };
    return { oneByOne: await documents(oneByOne), inRuns: await documents(inRuns), writes };
  } finally {
    await oneByOne.close();
    await inRuns.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
