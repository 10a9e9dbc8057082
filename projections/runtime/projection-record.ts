/**
 * Each projection's record in the read store, the `_projections` collection: which version serves
 * reads, which one is being built (blue/green), which one was retired, and how it is doing. Read
 * by `ReadModels` to find the physical collections. (Not `projections/registry.ts`, the list of
 * the projections in the code.)
 *
 * `applyBatch` is the store's only write, and it needs a checkpoint that moves forward; record
 * writes use one per projection (`_projections/<name>`) as a revision counter. Only the process
 * running a projection writes its record, so the counter does not race.
 */
import { z } from 'zod';
import type { ReadStore, UpdateDoc } from '../../stores/reads/port.js';

const PROJECTION_RECORDS = '_projections';

export const ProjectionStatus = z.enum(['running', 'building', 'failed']);
export type ProjectionStatus = z.infer<typeof ProjectionStatus>;

export const ProjectionRecord = z.object({
  _id: z.string(),
  active_version: z.number().int().nullable().default(null),
  /** Physical collections of the active version (what to drop after a switch). */
  active_collections: z.array(z.string()).default([]),
  building_version: z.number().int().nullish(),
  building_collections: z.array(z.string()).nullish(),
  /** The version replaced by the last switch, kept a grace period for readers in other processes. */
  retired_version: z.number().int().nullish(),
  retired_collections: z.array(z.string()).nullish(),
  status: ProjectionStatus,
  /** Why it failed: a poison report, or a message. */
  error: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  updated_at: z.string().optional(),
});
export type ProjectionRecord = z.infer<typeof ProjectionRecord>;

export async function readProjectionRecord(reads: ReadStore, name: string): Promise<ProjectionRecord | null> {
  const doc = await reads.findOne(PROJECTION_RECORDS, { _id: name });
  return doc ? ProjectionRecord.parse(doc) : null;
}

export async function writeProjectionRecord(reads: ReadStore, name: string, update: UpdateDoc): Promise<void> {
  const revisions = `${PROJECTION_RECORDS}/${name}`;
  const revision = (await reads.checkpoint(revisions)) + 1;
  const stamped: UpdateDoc = { ...update, $set: { ...update.$set, updated_at: new Date().toISOString() } };
  await reads.applyBatch(
    [{ kind: 'update', collection: PROJECTION_RECORDS, filter: { _id: name }, update: stamped, upsert: true }],
    {
      name: revisions,
      position: revision,
    },
  );
}

/** Drops a version's collections and its checkpoint. */
export async function dropVersion(reads: ReadStore, collections: readonly string[], checkpoint: string): Promise<void> {
  for (const collection of collections) await reads.dropCollection(collection);
  await reads.deleteCheckpoint(checkpoint);
}

/** Drops the version retired by a switch, once no reader should still be using it. */
export async function dropRetired(reads: ReadStore, name: string): Promise<void> {
  const entry = await readProjectionRecord(reads, name);
  if (entry?.retired_version == null) return;
  if (entry.retired_version !== entry.active_version && entry.retired_version !== entry.building_version) {
    await dropVersion(reads, entry.retired_collections ?? [], `${name}@v${entry.retired_version}`);
  }
  await writeProjectionRecord(reads, name, { $unset: { retired_version: '', retired_collections: '' } });
}
