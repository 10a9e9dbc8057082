/**
 * The batches the crash writer applies, and what the store must hold after any prefix of them:
 * deterministic, so that the test can recompute the expected rows from the checkpoint alone.
 */
import type { WriteOp } from '../reads/port.js';

export const CRASH_CHECKPOINT = 'crash';
export const COUNTERS = 100;

/** How much batch `position` adds to counter `k`. */
export function amount(position: number, k: number): number {
  return ((position * 31 + k * 7) % 13) + 1;
}

export function crashBatch(position: number): WriteOp[] {
  const ops: WriteOp[] = [];
  for (let k = 0; k < COUNTERS; k++) {
    const _id = `c${k}`;
    ops.push({
      kind: 'update',
      collection: 'counters',
      filter: { _id },
      update: { $inc: { n: amount(position, k) } },
      upsert: true,
    });
    ops.push({
      kind: 'update',
      collection: 'counters',
      filter: { _id },
      update: { $max: { last: position }, $addToSet: { seen: position % 5 } },
      upsert: true,
    });
  }
  ops.push({
    kind: 'update',
    collection: 'batches',
    filter: { _id: `b${position}` },
    update: { $set: { position } },
    upsert: true,
  });
  return ops;
}

/** Counter `k` after every batch up to `position`. */
export function expectedCounter(k: number, position: number): { n: number; last: number } {
  let n = 0;
  for (let p = 1; p <= position; p++) n += amount(p, k);
  return { n, last: position };
}
