/**
 * The pure core of a batch: every event through `project`, every logical collection renamed to
 * its physical one, the writes to one document folded where that changes nothing (`combine.ts`).
 * Stops at the first event that cannot be projected (a poison candidate), so that the caller can
 * commit what comes before it.
 */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { combineWrites } from './combine.js';

export interface Plan {
  /** Writes of events `[from, end)`, in order (folded per document), on physical collections. */
  ops: WriteOp[];
  /** Index after the last planned event. */
  end: number;
  /** The event at `end` could not be projected (absent when every event was planned). */
  failure?: { error: unknown };
}

/** The physical writes of one event. Throws when `project` throws or names an undeclared collection. */
export function writesOf(projection: Projection, collections: ReadonlyMap<string, string>, event: StoredEvent): WriteOp[] {
  const out: WriteOp[] = [];
  appendWrites(out, projection, collections, event);
  return out;
}

function appendWrites(out: WriteOp[], projection: Projection, collections: ReadonlyMap<string, string>, event: StoredEvent): void {
  for (const op of projection.project(event)) {
    const physical = collections.get(op.collection);
    if (physical === undefined) {
      throw new Error(`projection ${projection.name} writes to undeclared collection "${op.collection}"`);
    }
    out.push({ ...op, collection: physical });
  }
}

export function planBatch(
  projection: Projection,
  collections: ReadonlyMap<string, string>,
  events: readonly StoredEvent[],
  from = 0,
): Plan {
  const ops: WriteOp[] = [];
  for (let i = from; i < events.length; i += 1) {
    const before = ops.length;
    try {
      appendWrites(ops, projection, collections, events[i]!);
    } catch (error) {
      ops.length = before; // no half-projected event
      return { ops: combineWrites(ops), end: i, failure: { error } };
    }
  }
  return { ops: combineWrites(ops), end: events.length };
}
