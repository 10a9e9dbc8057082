/**
 * The events of one entity stream up to a moment, for the "as of" view: read from the event
 * store in revision order, a page at a time, never the whole log.
 *
 * - **Which clock.** An event counts when its `metadata.occurred_at` is at or before the moment:
 *   the instant the decision was made, on the service's clock, the same instant the event's data
 *   carries (`created_at`, `started_at`, `completed_at`…). `recorded_at` is the store's own clock
 *   (EventStoreDB's `created`); it is rewritten when a log is copied to another store, and it
 *   never appears in the state, so a view cut by it would disagree with the timestamps it shows.
 * - **A prefix, not a filter.** The fold stops at the first event that occurred after the
 *   moment, so that the view is a state the entity really had, even should a clock have stepped
 *   back between two events (a filter could then fold a `TaskCompleted` without its
 *   `TaskStarted`). While `occurred_at` only grows along the stream, the two are the same.
 * - **Milliseconds.** `occurred_at` is written to the millisecond; the moment is compared to the
 *   millisecond too (digits past the third are dropped, which keeps "at or before").
 * - **A bound.** These streams are short (a task has a handful of events), but an organization
 *   grows with its members. At most `MAX_FOLDED_EVENTS` events are folded; when more than that
 *   occurred by the moment, the answer is a 409 that says so, never a silently shorter fold.
 */
import { conflict } from '../../http/index.js';
import type { EventStore, StoredEvent } from '../../stores/events/port.js';

export const MAX_FOLDED_EVENTS = 2000;
const PAGE_SIZE = 200;

export interface EventsAsOfOptions {
  /** Default `MAX_FOLDED_EVENTS`; tests lower it. */
  max?: number;
  /** Events per read (default 200). */
  pageSize?: number;
}

const occurredAt = (event: StoredEvent): number => Date.parse(event.metadata.occurred_at);

/**
 * The stream's events from revision 0 on, while they occurred at or before `atMs` (epoch
 * milliseconds); empty when the stream has none or its first occurred later.
 * @throws a 409 problem when more than `max` of them did.
 */
export async function eventsAsOf(
  events: Pick<EventStore, 'readStream'>,
  stream: string,
  atMs: number,
  { max = MAX_FOLDED_EVENTS, pageSize = PAGE_SIZE }: EventsAsOfOptions = {},
): Promise<StoredEvent[]> {
  const folded: StoredEvent[] = [];
  let fromRevision = 0;
  for (;;) {
    // One past the bound at most: whether it occurred by the moment says if the bound was passed.
    const limit = Math.min(pageSize, max + 1 - folded.length);
    const page = await events.readStream(stream, { fromRevision, limit });
    for (const event of page) {
      if (occurredAt(event) > atMs) return folded;
      if (folded.length === max) {
        throw conflict(
          `more than ${max} events of ${stream} occurred by then; the as-of view folds at most ${max} (page through GET /api/v1/audit/streams/${stream} instead)`,
          { max_events: max },
        );
      }
      folded.push(event);
    }
    if (page.length < limit) return folded;
    fromRevision = page[page.length - 1]!.revision + 1;
  }
}
