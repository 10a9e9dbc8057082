/**
 * The reader thread of a long scan of the embedded log (started by `sqlite-scan.ts` through
 * `thread-entry.mjs`): on each `next`, reads the next page on its own read-only connection and
 * answers it as ONE string, the JSON array of the page's events. Posting a string is a copy; the
 * consumer's thread then has one `JSON.parse` per page left to do, and no SQLite work.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { toWireError, type WireError } from './sqlite-wire.js';

export interface ReaderData {
  file: string;
  busyTimeoutMs: number;
  after: number;
  upTo: number;
  pageSize: number;
}

export type ToReader = 'next';
export type FromReader = { type: 'page'; json: string } | { type: 'end' } | { type: 'failed'; error: WireError };

const port = parentPort;
if (!port) throw new Error('sqlite-reader-thread.ts runs as a worker thread');
const { file, busyTimeoutMs, after, upTo, pageSize } = workerData as ReaderData;

/**
 * Each row as the JSON of its `StoredEvent`, field for field as `toStoredEvent` in sqlite.ts,
 * built by SQLite: three times faster than making row objects and joining their fields here.
 * `data` and `metadata` are stored as JSON text (written by `JSON.stringify`), so they go in as
 * they are; the text columns are quoted by `json_quote`.
 */
const PAGE_SQL = `
  SELECT '{"id":' || json_quote(event_id) || ',"type":' || json_quote(type) || ',"data":' || data ||
         ',"metadata":' || metadata || ',"stream":' || json_quote(stream) || ',"revision":' || revision ||
         ',"position":' || position || ',"recorded_at":' || json_quote(recorded_at) || '}',
         position
  FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`;

let cursor = after;
let page: Database.Statement<[number, number, number], [string, number]> | undefined;

function nextPage(): FromReader {
  if (!page) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    page = db.prepare<[number, number, number], [string, number]>(PAGE_SQL).raw();
  }
  const rows = page.all(cursor, upTo, pageSize);
  if (rows.length === 0) return { type: 'end' };
  let json = '[';
  for (let i = 0; i < rows.length; i += 1) json += i === 0 ? rows[i]![0] : `,${rows[i]![0]}`;
  cursor = rows[rows.length - 1]![1];
  return { type: 'page', json: `${json}]` };
}

port.on('message', (_message: ToReader) => {
  let answer: FromReader;
  try {
    answer = nextPage();
  } catch (error) {
    answer = { type: 'failed', error: toWireError(error) };
  }
  port.postMessage(answer);
});
