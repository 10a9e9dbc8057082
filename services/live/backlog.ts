/**
 * What a stream resumed with `Last-Event-ID` missed: the items of the log after that id, up to
 * where the watcher has released (everything there is in the read models), or a reset when that
 * is more than `max` events, or when the id is one the log never gave.
 */
import type { EventStore } from '../../stores/events/port.js';
import type { LiveItem, LiveSource } from './notice.js';

export type Missed =
  /** Resume after `after`: the missed items first (none when it is the watcher's position). */
  | { kind: 'items'; after: number; items: LiveItem[] }
  /** Too far behind, ahead of the watcher, or an unknown id: one `reset`, then on from the watcher's position. */
  | { kind: 'reset'; reason: string };

export interface BacklogOptions {
  /** The id the client sent. */
  after: number;
  /** The watcher's position: every item up to it has been released. */
  upTo: number;
  max: number;
  pageSize: number;
}

export async function missedItems(
  events: EventStore,
  source: Pick<LiveSource, 'itemsOf'>,
  { after, upTo, max, pageSize }: BacklogOptions,
): Promise<Missed> {
  const tooFar = (): Missed => ({
    kind: 'reset',
    reason: `more than ${max} events happened since ${after}: refetch everything`,
  });
  if (after === upTo) return { kind: 'items', after, items: [] };
  if (after > upTo) {
    if (after > (await events.headPosition()))
      return { kind: 'reset', reason: `no event has the id ${after}: refetch everything` };
    // Ahead of this watcher (another instance's, or the projections here have not got there yet).
    // Resuming there would skip the role changes in between, which this viewer's scope must
    // follow (a manager demoted there would keep the team's notices): start from here instead.
    return { kind: 'reset', reason: `${after} is ahead of what this service has projected: refetch everything` };
  }
  // The embedded store's positions are dense: the distance is the number of events.
  if (events.kind === 'sqlite' && upTo - after > max) return tooFar();
  const items: LiveItem[] = [];
  let read = 0;
  for (let at = after; at < upTo;) {
    const page = await events.readAll({ after: at, limit: pageSize });
    if (page.length === 0) break;
    for (const event of page) {
      if (event.position > upTo) return { kind: 'items', after, items };
      read += 1;
      if (read > max) return tooFar();
      // An event the source cannot read gives no notice, live (where the watcher logs it) or here.
      try {
        items.push(...source.itemsOf(event));
      } catch {
        // nothing to send
      }
      at = event.position;
    }
  }
  return { kind: 'items', after, items };
}
