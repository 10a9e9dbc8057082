/**
 * Answers cached under a version stamp: the log position of the last event that changed what the
 * answer shows (`activity_versions`, moved by the projection). A hit costs one `_id` read instead
 * of the range reads and the arithmetic. An answer is kept under its question and the stamp read
 * before it was computed; a newer stamp is another key, so a stale answer is never served for a
 * newer stamp (an answer computed while the projection moves on may hold newer data than its stamp
 * says, never older). `maxAgeMs` bounds what the stamp cannot see (an Atlas read model catching
 * up, e.g. a new member's username). Concurrent misses on one key share one computation.
 */
import { LRUCache } from 'lru-cache';
import { CODECRAFTERS_COLLECTIONS, type VersionDoc } from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';

export class AnswerCache<T extends NonNullable<unknown>> {
  readonly #answers: LRUCache<string, T, () => Promise<T>>;

  constructor(
    private readonly readModels: ReadModels,
    maxAgeMs = 5_000,
    capacity = 2_000,
  ) {
    this.#answers = new LRUCache({
      ttl: maxAgeMs,
      max: capacity,
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  async get(versionId: string, key: string, compute: () => Promise<T>): Promise<T> {
    const stamp = await this.readModels.findOne<VersionDoc>(CODECRAFTERS_COLLECTIONS.versions, { _id: versionId });
    // `fetch` resolves undefined only when the computation does, which a `T` never is.
    return (await this.#answers.fetch(`${key}@${stamp?.position ?? 0}`, { context: compute })) as T;
  }
}
