/**
 * The activity days of this process: where a batch's minutes are recorded, stream by stream.
 * Each day (stream) is decided by `activityDay` through `handleDecision`, on the day as this
 * process's state cache holds it (the append expects its revision: when another process wrote
 * since, the store refuses, and the new tail is read and the batch decided again). One day
 * is written by one command at a time within the process (`KeyedQueue`): batches of one user that
 * arrive together are decided and appended together, in arrival order, as one command.
 */
import type { EventStore } from '../../stores/events/port.js';
import type { StateCache } from '../state-cache.js';
import { readActivityEvent, type ActivityEvent } from './activity-read.js';
import { activityDay, decideDay, type MinuteTaken, type RecordMinutes } from './activity-day.js';
import type { RecordedMinute } from './events.js';
import { handleDecision, type DecidedMetadata } from '../handle-decision.js';
import { KeyedQueue } from './keyed-queue.js';

/** One batch's records for one day, with the metadata of their events. */
export interface DayEntry {
  records: ReadonlyArray<{ id: string; data: RecordedMinute }>;
  metadata: DecidedMetadata;
}

export interface DayOutcome {
  /** The entry's records refused (`at` indexes the entry's `records`). */
  refused: MinuteTaken[];
}

/** Records per command at most: a full batch always goes alone or first, small ones share. */
const MAX_RECORDS_PER_COMMAND = 2_000;

export interface ActivityDaysOptions {
  store: Pick<EventStore, 'append' | 'readStream'>;
  /** Folded days by stream (the process's write-side cache). */
  cache?: StateCache | undefined;
}

export class ActivityDays {
  readonly #queue: KeyedQueue<DayEntry, DayOutcome>;

  constructor(private readonly options: ActivityDaysOptions) {
    this.#queue = new KeyedQueue(
      (stream, entries) => this.#record(stream, entries),
      MAX_RECORDS_PER_COMMAND,
      (entry) => entry.records.length,
    );
  }

  /** Records the entry's minutes on `stream`; settles once they are stored (or refused). */
  record(stream: string, entry: DayEntry): Promise<DayOutcome> {
    return this.#queue.run(stream, entry);
  }

  async #record(stream: string, entries: readonly DayEntry[]): Promise<DayOutcome[]> {
    const records: RecordMinutes['records'][number][] = [];
    /** Per record of the command, its entry; per entry, where its records begin. */
    const owner: number[] = [];
    const offsets: number[] = [];
    const metadataById = new Map<string, DecidedMetadata>();
    entries.forEach((entry, k) => {
      offsets.push(records.length);
      for (const record of entry.records) {
        records.push(record);
        owner.push(k);
        // The same record in two entries (a batch sent twice at once) is stored with the first's.
        if (!metadataById.has(record.id)) metadataById.set(record.id, entry.metadata);
      }
    });
    const { decision } = await handleDecision({
      store: this.options.store,
      stream,
      decider: activityDay,
      decide: decideDay,
      read: readActivityEvent,
      command: { type: 'RecordMinutes', records },
      metadataOf: (event: ActivityEvent) => metadataById.get(event.id)!,
      cache: this.options.cache,
      // A minute once held stays held and an id once known stays known: the cached day is decided on, and the append's expected revision checks it.
      trustCache: true,
    });
    const outcomes: DayOutcome[] = entries.map(() => ({ refused: [] }));
    for (const refusal of decision.refused) {
      const k = owner[refusal.at]!;
      outcomes[k]!.refused.push({ ...refusal, at: refusal.at - offsets[k]! });
    }
    return outcomes;
  }
}
