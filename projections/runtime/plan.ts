/**
 * The pure core of a batch: every event through `project` (or all of them through
 * `projectBatch`, when the projection has it), every logical collection renamed to its physical
 * one, the writes to one document folded where that changes nothing (`combine.ts`). Stops at the
 * first event that cannot be projected (a poison candidate), so that the caller can commit what
 * comes before it.
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
export function writesOf(
  projection: Projection,
  collections: ReadonlyMap<string, string>,
  event: StoredEvent,
): WriteOp[] {
  const out: WriteOp[] = [];
  appendWrites(out, projection, collections, event);
  return out;
}

function appendWrites(
  out: WriteOp[],
  projection: Projection,
  collections: ReadonlyMap<string, string>,
  event: StoredEvent,
): void {
  appendPhysical(out, projection, collections, projection.project(event));
}

function appendPhysical(
  out: WriteOp[],
  projection: Projection,
  collections: ReadonlyMap<string, string>,
  ops: readonly WriteOp[],
): void {
  for (const op of ops) {
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
  if (projection.projectBatch) {
    const ops: WriteOp[] = [];
    try {
      appendPhysical(ops, projection, collections, projection.projectBatch(from === 0 ? events : events.slice(from)));
      return { ops: combineWrites(ops), end: events.length };
    } catch {
      // Some event cannot be projected: find it, and plan what comes before it, event by event.
    }
  }
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
