/**
 * Sends the generated minutes to Code Crafters' ingest route, as each person's agent would: with
 * their own token, in batches within the route's limits. A batch holds one person's minutes of
 * one UTC day (the ingest's stream is a user's UTC day), at most 1,440 records; batches go oldest
 * first (a minute older than 30 days is refused, so the oldest must not wait), a few at a time,
 * taken from different people so that parallel requests do not contend for one day.
 */
import type { Account } from './accounts.js';
import type { CodeCraftersClient } from './api/partners.js';
import { MAX_RECORDS_PER_BATCH, type ActivityRecordInput } from '../write/codecrafters/record.js';
import { inParallel } from './pool.js';

export interface Batch {
  account: Account;
  records: ActivityRecordInput[];
}

/** One person's records (oldest first) cut by UTC day, and each day into pieces of at most `max`. */
export function batchesOf(
  records: readonly ActivityRecordInput[],
  max = MAX_RECORDS_PER_BATCH,
): ActivityRecordInput[][] {
  const batches: ActivityRecordInput[][] = [];
  let current: ActivityRecordInput[] = [];
  let day = '';
  for (const record of records) {
    const recordDay = record.minute_start.slice(0, 10);
    if (current.length > 0 && (recordDay !== day || current.length >= max)) {
      batches.push(current);
      current = [];
    }
    day = recordDay;
    current.push(record);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Everyone's batches, oldest day first and people interleaved within a day. */
export function sendingOrder(batches: readonly Batch[]): Batch[] {
  const dayOf = (b: Batch) => b.records[0]?.minute_start.slice(0, 10) ?? '';
  return [...batches].sort((a, b) => dayOf(a).localeCompare(dayOf(b)));
}

export interface Sent {
  records: number;
  /** Stored now or before (same id). */
  accepted: number;
  /** Refused one by one (a device's minute already held by another record). */
  refused: number;
}

export const PARALLEL_REQUESTS = 4;

export async function postActivity(
  codecrafters: CodeCraftersClient,
  batches: readonly Batch[],
  onProgress: (records: number) => void = () => undefined,
): Promise<Sent> {
  const sent: Sent = { records: 0, accepted: 0, refused: 0 };
  await inParallel(sendingOrder(batches), PARALLEL_REQUESTS, async (batch) => {
    const answer = await codecrafters.log(await batch.account.token(), batch.records);
    sent.records += batch.records.length;
    sent.accepted += answer.accepted;
    sent.refused += answer.refused.length;
    onProgress(sent.records);
  });
  return sent;
}
