/** The two writes the Atlas projections make, both by `_id` (the read store's fast path). */
import type { UpdateDoc, WriteOp } from '../../stores/reads/port.js';

/** Creates the document if it is missing. */
export const upsert = (collection: string, _id: string, update: UpdateDoc): WriteOp => ({
  kind: 'update',
  collection,
  filter: { _id },
  update,
  upsert: true,
});

/** Changes the document if it exists (an event about something never created changes nothing). */
export const change = (collection: string, _id: string, update: UpdateDoc): WriteOp => ({
  kind: 'update',
  collection,
  filter: { _id },
  update,
});
