/**
 * The writer thread of the embedded log (started by `sqlite-appender.ts` through
 * `thread-entry.mjs`): commits the groups of appends it is sent, one at a time, each with its
 * fsync, and answers each group with its outcomes. `close` closes the connection and ends it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openLogWriter, toWireError, type WireAppend, type WireError, type WireOutcome } from './sqlite-log-writer.js';

export interface WriterData {
  file: string;
  busyTimeoutMs: number;
  tableSql: string;
}

/**
 * A group travels as ONE string: the JSON of the appends, each event's data and metadata already
 * JSON text inside it (posting a string is a copy; posting objects is a structured clone, several
 * times slower on the caller's thread).
 */
export type ToWriter = { type: 'group'; seq: number; group: string } | { type: 'close' };
export type FromWriter = { type: 'done'; seq: number; outcomes: WireOutcome[] } | { type: 'failed'; seq: number; error: WireError };

const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread.ts runs as a worker thread');
const { file, busyTimeoutMs, tableSql } = workerData as WriterData;
const writer = openLogWriter(file, busyTimeoutMs, tableSql);

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    writer.close();
    port.close();
    return;
  }
  let answer: FromWriter;
  try {
    answer = { type: 'done', seq: message.seq, outcomes: writer.commit(JSON.parse(message.group) as WireAppend[]) };
  } catch (error) {
    answer = { type: 'failed', seq: message.seq, error: toWireError(error) };
  }
  port.postMessage(answer);
});
