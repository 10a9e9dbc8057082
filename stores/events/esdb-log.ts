/**
 * The global log ($all) of EventStoreDB as the port sees it: only our events (system streams and
 * `$` event types are left out), positions as numbers (see `esdb-events.ts`), and every read
 * strictly after the position asked for.
 */
import {
  BACKWARDS,
  END,
  START,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, type StoredEvent, type SubscribeOptions } from './port.js';
import { isSystemEvent, toLogPosition, toPositionNumber, toStoredEvent } from './esdb-events.js';

/** One page of our events with position > after. */
export async function readLogPage(client: EventStoreDBClient, after: number, limit: number): Promise<StoredEvent[]> {
  const page: StoredEvent[] = [];
  let from: ReadPosition = after > 0 ? toLogPosition(after) : START;
  let floor = after;
  while (page.length < limit) {
    // Reading from a position includes the event at it, hence one more; system events may also
    // fill the chunk, hence the loop.
    const want = limit - page.length + 1;
    let seen = 0;
    let last: Position | undefined;
    for await (const { event } of client.readAll({ fromPosition: from, maxCount: want })) {
      seen += 1;
      if (!event) continue;
      last = event.position;
      const position = toPositionNumber(event.position.commit);
      if (position <= floor) continue;
      floor = position;
      if (isSystemEvent(event)) continue;
      page.push(toStoredEvent(event));
      if (page.length === limit) break;
    }
    if (seen < want || !last) break; // end of the log
    from = last;
  }
  return page;
}

/** Position of our last event in the log, 0 when there is none. */
export async function headOfLog(client: EventStoreDBClient): Promise<number> {
  const chunk = 100;
  let from: ReadPosition = END;
  let ceiling = Number.POSITIVE_INFINITY;
  for (;;) {
    let seen = 0;
    let last: Position | undefined;
    for await (const { event } of client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: chunk })) {
      seen += 1;
      if (!event) continue;
      last = event.position;
      const position = toPositionNumber(event.position.commit);
      if (position >= ceiling) continue;
      ceiling = position;
      if (!isSystemEvent(event)) return position;
    }
    if (seen < chunk || !last) return 0;
    from = last;
  }
}

/**
 * The health probe's call: the last record of $all, read from the leader (the node that takes
 * writes), within `deadlineMs`. Throws when the server cannot be reached or has no leader.
 */
export async function probeLeader(client: EventStoreDBClient, deadlineMs: number): Promise<void> {
  const read = client.readAll({
    direction: BACKWARDS,
    fromPosition: END,
    maxCount: 1,
    requiresLeader: true,
    deadline: deadlineMs,
  });
  for await (const _ of read) break;
}

/** Resolves when the subscription has something to read, ended, failed, or `stop` fired. */
function nextSignal(subscription: AllStreamSubscription, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const events = ['readable', 'end', 'error', 'close'] as const;
    const done = () => {
      for (const name of events) subscription.off(name, done);
      stop.removeEventListener('abort', done);
      resolve();
    };
    for (const name of events) subscription.on(name, done);
    stop.addEventListener('abort', done);
    if (stop.aborted) done();
  });
}

/**
 * Catch-up then live, by EventStoreDB's own subscription to $all (which never skips: the server
 * reads the log up to live, then streams). Pull: the subscription buffers at most `pageSize`
 * events (its highWaterMark) and gRPC flow control holds the server back beyond that.
 */
export async function* subscribeToAllEvents(
  client: EventStoreDBClient,
  closing: AbortSignal,
  { after = 0, pageSize = 1000, signal }: SubscribeOptions = {},
): AsyncGenerator<StoredEvent[], void, undefined> {
  const stop = signal ? AbortSignal.any([signal, closing]) : closing;
  if (stop.aborted) return;
  const subscription = client.subscribeToAll(
    { fromPosition: after > 0 ? toLogPosition(after) : START, filter: excludeSystemEvents() },
    { highWaterMark: pageSize },
  );
  let failure: unknown;
  let ended = false;
  const onError = (error: unknown) => {
    failure = error;
  };
  const onEnd = () => {
    ended = true;
  };
  subscription.on('error', onError).on('end', onEnd);
  let last = after;
  try {
    while (!stop.aborted) {
      if (failure) throw new EventStoreUnavailableError('EventStoreDB subscription failed', { cause: failure });
      const page: StoredEvent[] = [];
      let resolved: AllStreamResolvedEvent | null;
      while (page.length < pageSize && (resolved = subscription.read() as AllStreamResolvedEvent | null) !== null) {
        const event = resolved.event;
        if (!event || isSystemEvent(event)) continue;
        const stored = toStoredEvent(event);
        if (stored.position <= last) continue;
        last = stored.position;
        page.push(stored);
      }
      if (page.length > 0) {
        yield page;
        continue;
      }
      if (ended) throw new EventStoreUnavailableError('EventStoreDB ended the subscription');
      await nextSignal(subscription, stop);
    }
  } finally {
    subscription.off('error', onError).off('end', onEnd);
    subscription.on('error', () => {}); // a late error of a cancelled call must not crash the process
    await subscription.unsubscribe().catch(() => {});
    subscription.destroy();
  }
}
