/**
 * The EventStoreDB adapter (@eventstore/db-client), chosen when ESDB_URL is set.
 *
 * Same semantics as the embedded store, with two things EventStoreDB does not give by itself:
 * - deterministic idempotency: EventStoreDB drops a repeated event id only on a best-effort basis,
 *   so we drop stored ids ourselves from the stream's known ids (`esdb-ledger.ts`), then append with
 *   the revision we read as the expected revision. Whatever the caller expected, the server checks
 *   that nothing slipped in between; if something did, we read again and retry (bounded).
 *   Ids are checked within the target stream: an id stored in another stream is not detected here.
 * - positions as numbers: the commit position of each event (`esdb-events.ts`).
 *
 * `probe()` reads the last record of $all from the leader, with a 1 s deadline, and keeps the
 * answer 1.5 s (`../probe-cache.ts`).
 */
import {
  EventStoreDBClient,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  isCommandError,
} from '@eventstore/db-client';
import { distinctById, holds } from './append-rules.js';
import { idKey, toEventData, toPositionNumber, toStoredEvent } from './esdb-events.js';
import { StreamLedger } from './esdb-ledger.js';
import { headOfLog, probeLeader, readLogPage, subscribeToAllEvents } from './esdb-log.js';
import { ProbeCache } from '../probe-cache.js';
import { scanPages } from './scan-pages.js';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from './port.js';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  url: string;
  /** Appends retried after losing a race with another writer before giving up. Default 10. */
  maxAttempts?: number;
  /** How long `probe()` keeps its answer. Default 1500. */
  probeCacheMs?: number;
}

/** How long the probe's call may take: a health check must answer promptly, also when the server does not. */
const PROBE_DEADLINE_MS = 1000;

/** Errors that are not a conflict become EventStoreUnavailableError, with the cause kept. */
function unavailable(error: unknown, doing: string): unknown {
  if (error instanceof WrongExpectedRevisionError || error instanceof EventStoreUnavailableError) return error;
  if (error instanceof Error && (isCommandError(error) || 'code' in error)) {
    return new EventStoreUnavailableError(`EventStoreDB ${doing}: ${error.message}`, { cause: error });
  }
  return error;
}

async function guarded<T>(doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw unavailable(error, doing);
  }
}

export function openEsdbEventStore(options: EsdbEventStoreOptions): EventStore {
  const { url, maxAttempts = 10, probeCacheMs } = options;
  const client = EventStoreDBClient.connectionString(url);
  const ledger = new StreamLedger(client);
  const closing = new AbortController();
  const probes = new ProbeCache<'write'>(probeCacheMs);

  async function appendOnce(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    lastAttempt: boolean,
  ): Promise<AppendResult | 'raced'> {
    const record = await ledger.current(stream);
    const actual = record.revision; // read now: the record may move on while we await below
    let lastStoredPosition = 0;
    const fresh = events.filter((event) => {
      const stored = record.positions.get(idKey(event.id));
      if (stored !== undefined) lastStoredPosition = Math.max(lastStoredPosition, stored);
      return stored === undefined;
    });
    if (fresh.length === 0) {
      return { nextRevision: actual, position: lastStoredPosition || record.position, appended: 0 };
    }
    if (!holds(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
    try {
      const result = await client.appendToStream(stream, fresh.map(toEventData), {
        expectedRevision: actual < 0 ? NO_STREAM : BigInt(actual),
      });
      if (!result.position) throw new EventStoreUnavailableError(`EventStoreDB returned no position for ${stream}`);
      return {
        nextRevision: Number(result.nextExpectedRevision),
        position: toPositionNumber(result.position.commit),
        appended: fresh.length,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (!lastAttempt) return 'raced';
      const current = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : -1;
      throw new WrongExpectedRevisionError(stream, expected, current);
    }
  }

  return {
    kind: 'esdb',

    append(stream, events, { expectedRevision = 'any' } = {}) {
      return guarded(`append to ${stream}`, async () => {
        const batch = distinctById(events, idKey);
        for (let attempt = 1; ; attempt += 1) {
          const result = await appendOnce(stream, batch, expectedRevision, attempt >= maxAttempts);
          if (result !== 'raced') return result;
        }
      });
    },

    readStream(stream, { fromRevision = 0, limit } = {}) {
      return guarded(`read ${stream}`, async () => {
        if (limit === 0) return [];
        const read = client.readStream(stream, {
          fromRevision: BigInt(fromRevision),
          ...(limit === undefined ? {} : { maxCount: limit }),
        });
        const events = [];
        try {
          for await (const { event } of read) if (event) events.push(toStoredEvent(event));
        } catch (error) {
          if (!(error instanceof StreamNotFoundError)) throw error;
        }
        return events;
      });
    },

    readAll({ after = 0, limit = 1000 } = {}) {
      return guarded('read $all', () => readLogPage(client, after, limit));
    },

    scan(scanOptions) {
      return scanPages(
        ({ after, limit }) => guarded('read $all', () => readLogPage(client, after, limit)),
        scanOptions,
      );
    },

    headPosition() {
      return guarded('read the head of $all', () => headOfLog(client));
    },

    subscribe(subscribeOptions) {
      return subscribeToAllEvents(client, closing.signal, subscribeOptions);
    },

    probe() {
      if (closing.signal.aborted)
        return Promise.reject(new EventStoreUnavailableError('EventStoreDB store is closed', { reason: 'closed' }));
      return probes.check('write', async () => {
        try {
          await probeLeader(client, PROBE_DEADLINE_MS);
        } catch (error) {
          // Whatever the failure, the store cannot be used now: that is the probe's one answer.
          throw error instanceof EventStoreUnavailableError
            ? error
            : new EventStoreUnavailableError(`EventStoreDB probe: ${String((error as Error)?.message ?? error)}`, {
                cause: error,
              });
        }
      });
    },

    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      await client.dispose();
    },
  };
}
