/**
 * Appends of the embedded log, on the caller's side, committed in groups: the appends asked for in
 * one turn of the event loop, or while the previous group was being committed, go together, in
 * one transaction with one fsync (`sqlite-log-writer.ts`).
 *
 * Where a group is committed depends on the load:
 * - a lone append, when none came while the previous group was committing (one caller at a time:
 *   a script, a test, a quiet server), is committed right here. The fsync holds this thread up,
 *   but nothing else is waiting, and it costs no thread hop (two wake-ups, ~0.1 ms here);
 * - otherwise (appends pile up: a busy server) the group goes to the writer thread
 *   (`sqlite-writer-thread.ts`), so that the thread serving requests never waits for the disk, and
 *   the longer a commit takes, the more appends the next one carries.
 * Only one group is ever being committed, so appends keep the order they were asked in.
 *
 * When another connection holds the write lock, nothing waits here: the lone append finds the file
 * locked at once (`busy_timeout = 0`), and its group goes to the writer thread, which tries again
 * until `busyTimeoutMs` (1 s) after the group's first append was asked for; then every append of
 * the group fails with EventStoreUnavailableError. Groups asked for meanwhile queue behind it with
 * their own deadlines, so no append waits much longer than the bound. (While other connections
 * are seen committing, the lock is changing hands, not held: the thread then tries longer, up to
 * 5 times the bound; see `sqlite-writer-thread.ts`.)
 *
 * Each promise settles when its group's COMMIT is done: nothing is reported written that is not on
 * disk. The thread starts when first needed and keeps the process alive only while it commits.
 */
import { Worker } from 'node:worker_threads';
import { EventStoreUnavailableError, type AppendResult, type ExpectedRevision, type NewEvent } from './port.js';
import { sharedClock } from '../sqlite-busy.js';
import { describeReason, isBusyCode } from '../sqlite-unavailable.js';
import type { UnavailableReason } from '../unavailable.js';
import { openLogWriter, type LogWriter } from './sqlite-log-writer.js';
import { fromWireError, toWireError, type WireAppend, type WireError, type WireOutcome } from './sqlite-wire.js';
import type { FromWriter, ToWriter, WriterData } from './sqlite-writer-thread.js';

interface Pending {
  request: WireAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export interface AppenderOptions extends WriterData {
  /** How long a group waits in all for a lock held by another connection. */
  busyTimeoutMs: number;
  /** Told after each group that wrote at least one event (wakes this process's subscriptions). */
  onAppended: () => void;
}

/** `.ts` under tsx or vitest, `.js` once compiled: the writer thread's module sits beside this one. */
const WRITER_ENTRY = new URL(
  `./sqlite-writer-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
).href;
const THREAD_ENTRY = new URL('./thread-entry.mjs', import.meta.url);
/** While other connections keep committing (contention, not a held lock), a group waits up to this many times the bound. */
const CONTENTION_CAP = 5;

export class SqliteAppender {
  #queue: Pending[] = [];
  /** When the queue's first append was asked for (`sharedClock()`): its group's deadline counts from it. */
  #queuedAt = 0;
  #inFlight: { seq: number; group: Pending[] } | undefined;
  /** An append was asked for while a group was being committed: the load is concurrent. */
  #piledUp = false;
  #local: LogWriter | undefined;
  #worker: Worker | undefined;
  #seq = 0;
  #closed = false;
  #closing: Promise<void> | undefined;
  #scheduled = false;
  #idle: (() => void) | undefined;

  constructor(private readonly options: AppenderOptions) {}

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(this.#unavailable('is closed', 'closed'));
    let request: WireAppend;
    try {
      request = {
        stream,
        expected,
        events: events.map(({ id, type, data, metadata }) => ({
          id,
          type,
          data: JSON.stringify(data),
          metadata: JSON.stringify(metadata),
        })),
      };
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#inFlight) this.#piledUp = true;
    if (this.#queue.length === 0) this.#queuedAt = sharedClock(); // once per group, not per append
    return new Promise<AppendResult>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#schedule();
    });
  }

  /** Writes what was asked for before, then ends the thread and closes the connections. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    while (this.#inFlight || this.#queue.length > 0) {
      await new Promise<void>((resolve) => (this.#idle = resolve));
    }
    this.#local?.close();
    this.#local = undefined;
    const worker = this.#worker;
    this.#worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref(); // until it has exited
    worker.postMessage({ type: 'close' } satisfies ToWriter);
    await exited;
  }

  /** Commits at the end of this turn of the event loop, so that all its appends go as one group. */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#commit();
    });
  }

  /** Commits the queue as one group, unless a group is being committed (its end schedules the next). */
  #commit(): void {
    if (this.#inFlight || this.#queue.length === 0) return;
    const group = this.#queue;
    const deadline = this.#queuedAt + this.options.busyTimeoutMs;
    const cap = this.#queuedAt + CONTENTION_CAP * this.options.busyTimeoutMs;
    this.#queue = [];
    const alone = group.length === 1 && !this.#piledUp;
    this.#piledUp = false;
    if (alone && this.#commitHere(group)) return;
    const seq = ++this.#seq;
    this.#inFlight = { seq, group };
    const worker = this.#thread();
    worker.ref();
    worker.postMessage({
      type: 'group',
      seq,
      deadline,
      cap,
      group: JSON.stringify(group.map((pending) => pending.request)),
    } satisfies ToWriter);
  }

  /** Commits a lone append on this thread; false (nothing settled) when the file is locked: the writer thread waits for it instead. */
  #commitHere(group: Pending[]): boolean {
    let outcomes: WireOutcome[];
    try {
      this.#local ??= openLogWriter(this.options.file, this.options.tableSql);
      outcomes = this.#local.commit(group.map((pending) => pending.request));
    } catch (error) {
      if (isBusyCode((error as { code?: unknown } | null)?.code)) return false;
      this.#settle(group, { type: 'failed', seq: 0, error: toWireError(error) });
      return true;
    }
    this.#settle(group, { type: 'done', seq: 0, outcomes });
    return true;
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const { file, tableSql } = this.options;
    const worker = new Worker(THREAD_ENTRY, { workerData: { entry: WRITER_ENTRY, file, tableSql } });
    worker.on('message', (message: FromWriter) => this.#answered(message));
    worker.on('error', (error) => this.#lost(worker, error));
    worker.on('exit', (code) => this.#lost(worker, new Error(`the writer thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #answered(message: FromWriter): void {
    const inFlight = this.#inFlight;
    if (!inFlight || inFlight.seq !== message.seq) return;
    this.#inFlight = undefined;
    this.#worker?.unref();
    this.#settle(inFlight.group, message);
  }

  #settle(group: readonly Pending[], message: FromWriter): void {
    if (message.type === 'failed') {
      const error = this.#decode(message.error);
      for (const pending of group) pending.reject(error);
    } else {
      let appended = false;
      message.outcomes.forEach((outcome, i) => {
        const pending = group[i]!;
        if (outcome.ok) {
          appended ||= outcome.value.appended > 0;
          pending.resolve(outcome.value);
        } else pending.reject(this.#decode(outcome.error));
      });
      if (appended) this.options.onAppended();
    }
    this.#next();
  }

  /** The thread died (not through `close`): what it held fails; the next group starts a new one. */
  #lost(worker: Worker, cause: unknown): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (inFlight) {
      const error = this.#unavailable(
        `lost its writer thread: ${String((cause as Error)?.message ?? cause)}`,
        'unreachable',
        cause,
      );
      for (const pending of inFlight.group) pending.reject(error);
    }
    this.#next();
  }

  #next(): void {
    if (this.#queue.length > 0) this.#schedule();
    else this.#idle?.();
  }

  #decode(error: WireError): Error {
    return fromWireError(error, (code, reason, cause) =>
      this.#unavailable(describeReason(reason, code), reason, cause),
    );
  }

  #unavailable(what: string, reason: UnavailableReason, cause?: unknown): EventStoreUnavailableError {
    return new EventStoreUnavailableError(`event store ${this.options.file}: ${what}`, {
      reason,
      ...(cause === undefined ? {} : { cause }),
    });
  }
}
