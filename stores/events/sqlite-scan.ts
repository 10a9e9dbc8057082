/**
 * `scan` for the embedded log. A long stretch is read on a reader thread
 * (`sqlite-reader-thread.ts`) that keeps `READ_AHEAD` pages requested ahead of the consumer: the
 * SQLite work runs on the other core while the consumer projects, and the consumer's thread only
 * parses each page. A short stretch is not worth starting a thread: it is read page by page here.
 *
 * Backpressure: the thread reads a page only when asked, and at most `READ_AHEAD` are asked for
 * ahead of what the consumer took. The thread ends when the scan does, whichever way it ends
 * (the consumer breaks off, an error, the store closes), and keeps the process alive only while
 * the consumer waits for a page.
 */
import { Worker } from 'node:worker_threads';
import { EventStoreUnavailableError, type ScanOptions, type StoredEvent } from './port.js';
import { fromWireError } from './sqlite-wire.js';
import { describeReason } from '../sqlite-unavailable.js';
import type { UnavailableReason } from '../unavailable.js';
import type { FromReader, ReaderData, ToReader } from './sqlite-reader-thread.js';

const READ_AHEAD = 2;

/** `.ts` under tsx or vitest, `.js` once compiled: the reader thread's module sits beside this one. */
const READER_ENTRY = new URL(
  `./sqlite-reader-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
).href;
const THREAD_ENTRY = new URL('./thread-entry.mjs', import.meta.url);

export interface ThreadScanContext {
  file: string;
  /** How long the reader thread waits for a lock (SQLite's own busy wait: that thread serves no request). */
  busyTimeoutMs: number;
  /** Aborted when the store closes: the scan fails with EventStoreUnavailableError. */
  closing: AbortSignal;
}

export async function* scanOnThread(
  context: ThreadScanContext,
  options: ScanOptions,
): AsyncGenerator<StoredEvent[], void, undefined> {
  const { file, busyTimeoutMs, closing } = context;
  const unavailable = (what: string, reason: UnavailableReason = 'unreachable', cause?: unknown) =>
    new EventStoreUnavailableError(`event store ${file}: ${what}`, {
      reason,
      ...(cause === undefined ? {} : { cause }),
    });
  if (closing.aborted) throw unavailable('is closed', 'closed');

  const data: ReaderData & { entry: string } = { entry: READER_ENTRY, file, busyTimeoutMs, ...options };
  const worker = new Worker(THREAD_ENTRY, { workerData: data });
  worker.unref();
  const answers: FromReader[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const settle = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (answer: FromReader) => {
    answers.push(answer);
    settle();
  });
  worker.on('error', (error) => {
    failure ??= unavailable(`lost its reader thread: ${error.message}`, 'unreachable', error);
    settle();
  });
  worker.on('exit', (code) => {
    failure ??= unavailable(`its reader thread exited (code ${code})`);
    settle();
  });
  // The store closing ends the thread at once, also when the consumer never pulls again.
  const onClose = () => {
    failure ??= unavailable('is closed', 'closed');
    void worker.terminate();
    settle();
  };
  closing.addEventListener('abort', onClose, { once: true });
  const ask = () => worker.postMessage('next' satisfies ToReader);

  try {
    for (let i = 0; i < READ_AHEAD; i += 1) ask();
    for (;;) {
      if (answers.length === 0 && !failure) {
        // Only a pull waiting for its page keeps the process alive: an abandoned scan does not.
        worker.ref();
        while (answers.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
        worker.unref();
      }
      if (closing.aborted && failure) throw failure;
      const answer = answers.shift();
      if (!answer) throw failure!;
      if (answer.type === 'end') return;
      if (answer.type === 'failed') {
        throw fromWireError(answer.error, (code, reason, cause) =>
          unavailable(describeReason(reason, code), reason, cause),
        );
      }
      ask();
      yield JSON.parse(answer.json) as StoredEvent[];
    }
  } finally {
    closing.removeEventListener('abort', onClose);
    await worker.terminate();
  }
}
