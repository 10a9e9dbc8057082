/**
 * `scan` from `readAll`: one page at a time, each read when the consumer asks for it. What an
 * adapter without a faster way to read a stretch of its log uses (and the embedded store, for a
 * short stretch).
 */
import type { ReadAllOptions, ScanOptions, StoredEvent } from './port.js';

export async function* scanPages(
  readAll: (options: Required<ReadAllOptions>) => Promise<StoredEvent[]>,
  { after, upTo, pageSize }: ScanOptions,
): AsyncGenerator<StoredEvent[], void, undefined> {
  let cursor = after;
  while (cursor < upTo) {
    const page = await readAll({ after: cursor, limit: pageSize });
    const last = page[page.length - 1];
    if (!last) return;
    if (last.position <= upTo) {
      yield page;
      cursor = last.position;
      continue;
    }
    const within = page.filter((event) => event.position <= upTo);
    if (within.length > 0) yield within;
    return;
  }
}
