/**
 * A projection (design §4): a pure function from one stored event to read-store writes, with a
 * name and a version. The runtime (`projections/runtime/`) feeds it, batches its writes with the
 * checkpoint, and maps its logical collection names onto physical ones (`<collection>__v<version>`
 * for the live models, a scratch prefix for replays), so a projection only ever names its own
 * logical collections.
 */
import type { StoredEvent } from '../stores/events/port.js';
import type { IndexSpec, WriteOp } from '../stores/reads/port.js';

export interface Projection {
  /** Unique, snake_case, e.g. `atlas_memberships`. */
  readonly name: string;
  /** Bump to rebuild into new collections (blue/green). */
  readonly version: number;
  /** The logical collections it writes, each with its indexes. */
  readonly collections: Readonly<Record<string, { indexes: readonly IndexSpec[] }>>;
  /** Pure: no I/O, no clock, no randomness. Events it does not handle give `[]`. */
  project(event: StoredEvent): readonly WriteOp[];
  /**
   * Optional, for speed: the writes of a run of events at once, which must leave the store with
   * the same documents as `project` of each event in turn (`appliedBothWays` in
   * `runtime/test-fixtures/batch-agreement.ts` checks it). A rollup projection sums its events here, typed, instead of
   * emitting a write per event for the runtime to fold. Throws when one of the events cannot be
   * projected; the runtime then finds that event with `project`, one event at a time.
   */
  projectBatch?(events: readonly StoredEvent[]): readonly WriteOp[];
}
