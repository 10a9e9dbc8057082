/** What the parts of the conformance suite share. */
import type { ReadStore, WriteOp } from './port.js';

/** The store under test and a batch writer. */
export interface ConformanceContext {
  store(): ReadStore;
  /** Applies `ops` as the next batch of the checkpoint `test` (positions 1, 2, 3...). */
  apply(...ops: WriteOp[]): Promise<void>;
  /** The position the next `apply` will use. */
  nextPosition(): number;
}

/** An upsert by `_id`, the projections' everyday op. */
export function upsert(
  collection: string,
  _id: string,
  update: Extract<WriteOp, { kind: 'update' }>['update'],
): WriteOp {
  return { kind: 'update', collection, filter: { _id }, update, upsert: true };
}
