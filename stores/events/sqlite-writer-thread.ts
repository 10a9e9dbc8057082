/**
 * The writer thread of the embedded log (started by `sqlite-appender.ts` through
 * `thread-entry.mjs`): commits the groups of appends it is sent, one at a time, each with its
 * fsync, and answers each group with its outcomes. `close` closes the connection and ends it.
 *
 * When another connection holds the write lock, the thread waits for it (it may sleep: it serves
 * no request), trying again until the group's `deadline`, about a second after its first append
 * was asked for; the group then fails with SQLITE_BUSY, which the appender makes an
 * EventStoreUnavailableError. Each group gets at least `MIN_TRIES_MS` of tries, also when its
 * deadline has gone by before the thread got it (the thread's own start takes up to a second on
 * a loaded machine under tsx, and a group may queue behind one that waited). And while other
 * connections are seen committing, the lock is changing hands rather than held (other writers
 * under load, a holder descheduled on a busy machine): the tries go on, up to the group's `cap`
 * (5 s after it was asked for), so that contention alone does not fail appends; a lock held
 * still, an operator's `BEGIN EXCLUSIVE`, fails them at the deadline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { retryWhileBusySync, sharedClock } from '../sqlite-busy.js';
import { openLogWriter } from './sqlite-log-writer.js';
import { toWireError, type WireAppend, type WireError, type WireOutcome } from './sqlite-wire.js';

export interface WriterData {
  file: string;
  tableSql: string;
}

/**
 * A group travels as ONE string: the JSON of the appends, each event's data and metadata already
 * JSON text inside it (posting a string is a copy; posting objects is a structured clone, several
 * times slower on the caller's thread).
 */
export type ToWriter =
  /**
   * `deadline`: the `sharedClock()` time after which a file still locked fails the group; `cap`:
   * the latest time while the lock changes hands.
   */
  { type: 'group'; seq: number; group: string; deadline: number; cap: number } | { type: 'close' };
export type FromWriter =
  { type: 'done'; seq: number; outcomes: WireOutcome[] } | { type: 'failed'; seq: number; error: WireError };

const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread.ts runs as a worker thread');
const MIN_TRIES_MS = 250;

const { file, tableSql } = workerData as WriterData;
const writer = openLogWriter(file, tableSql);

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    writer.close();
    port.close();
    return;
  }
  let answer: FromWriter;
  try {
    const group = JSON.parse(message.group) as WireAppend[];
    const now = sharedClock();
    let seen = writer.dataVersion();
    const progressed = () => seen !== (seen = writer.dataVersion());
    const outcomes = retryWhileBusySync(() => writer.commit(group), {
      waitMs: Math.max(message.deadline - now, MIN_TRIES_MS),
      capMs: message.cap - now,
      progressed,
    });
    answer = { type: 'done', seq: message.seq, outcomes };
  } catch (error) {
    answer = { type: 'failed', seq: message.seq, error: toWireError(error) };
  }
  port.postMessage(answer);
});
