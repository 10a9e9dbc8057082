/**
 * Answers cached under a version stamp: the log position of the last event that changed what the
 * answer shows (`activity_versions`, moved by the projection). A hit costs one `_id` read instead
 * of the range reads and the arithmetic. An answer computed while the projection moves on may hold
 * newer data than its stamp says, never older, so a stale answer is never served for a newer
 * stamp. `maxAgeMs` bounds what the stamp cannot see (an Atlas read model catching up, e.g. a new
 * member's username).
 */
import { CODECRAFTERS_COLLECTIONS, type VersionDoc } from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';

interface Entry<T> {
  version: number;
  at: number;
  answer: T;
}

export class AnswerCache<T> {
  readonly #entries = new Map<string, Entry<T>>();

  constructor(
    private readonly readModels: ReadModels,
    readonly maxAgeMs = 5_000,
    readonly capacity = 2_000,
  ) {}

  async get(versionId: string, key: string, compute: () => Promise<T>): Promise<T> {
    const stamp = await this.readModels.findOne<VersionDoc>(CODECRAFTERS_COLLECTIONS.versions, { _id: versionId });
    const version = stamp?.position ?? 0;
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.version === version && now - hit.at < this.maxAgeMs) return hit.answer;
    const answer = await compute();
    this.#entries.delete(key);
    this.#entries.set(key, { version, at: now, answer });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    return answer;
  }
}
