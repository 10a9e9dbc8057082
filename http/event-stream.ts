/**
 * Server-sent events (WHATWG HTML, "Server-sent events") as a route's answer: the framing, the
 * `retry:` hint, the heartbeat, the `Last-Event-ID` request header, and the stream's end when the
 * client goes away, the server closes or the client stops reading. Knows no domain: what the
 * events say, and when, is the route's business.
 *
 * A route declares its stream in its success response (`ResponseSpec.eventStream`): the events it
 * may carry, each with the zod schema of its `data`, which documents it in the OpenAPI document
 * and parses every message before it is written (fields the schema does not declare are dropped,
 * as the router does for JSON answers). The handler answers `{ status: 200, body: stream.body,
 * headers: stream.headers }`; every refusal must be thrown before the stream is opened, so that
 * it is still a problem document.
 *
 * Framing: `id: <id>` (when the message has one), `event: <name>`, `data: <JSON on one line>`,
 * then a blank line. The heartbeat is a comment (`: keep-alive`); it also carries the stream's
 * position (`advance`) when that moved past the last id written, so that a client that was sent
 * nothing for a while still resumes from where the stream has got.
 */
import { PassThrough } from 'node:stream';
import type { z } from 'zod';
import { closingSignalOf } from './closing.js';
import type { KitContext } from './context.js';
import { validationProblem } from './problem.js';

export interface EventStreamSpec {
  /** The events the stream may carry, by name (the `event:` field), each with its `data` schema. */
  events: Readonly<Record<string, { description: string; data: z.ZodType }>>;
  /** Whether the stream resumes after the `Last-Event-ID` request header (documented as a header parameter). */
  resumable?: boolean;
}

export interface StreamMessage {
  /** The `id:` field: what a client sends back as `Last-Event-ID` to resume after this message. */
  id?: number;
  event: string;
  data: unknown;
}

export interface EventStreamOptions {
  /** The `retry:` hint sent first: how long a client waits before it reconnects. Default 3000 ms. */
  retryMs?: number;
  /** A comment this often keeps proxies and clients from giving up on a quiet stream. Default 15 000 ms. */
  heartbeatMs?: number;
  /** Bytes written that the client has not taken, above which the stream ends (it stopped reading). Default 1 MiB. */
  maxBufferedBytes?: number;
}

/** The headers of every event stream: no caching or transformation, no buffering by a proxy (nginx). */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  // A stream holds its connection until it ends; it is not worth keeping for another request.
  Connection: 'close',
};

/** The ids the kit writes and reads back: non-negative integers in decimal. */
const ID = /^(0|[1-9][0-9]{0,15})$/;
export const LAST_EVENT_ID_PATTERN = ID.source;

const NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** One message, framed. */
export function frame(message: StreamMessage, data: unknown = message.data): string {
  if (!NAME.test(message.event)) throw new Error(`event name ${JSON.stringify(message.event)} cannot be framed`);
  const id = message.id === undefined ? '' : `id: ${idText(message.id)}\n`;
  // JSON.stringify escapes CR and LF inside strings: the data is always one line.
  return `${id}event: ${message.event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment block (ignored by clients), optionally carrying the stream's position as its id. */
export function commentFrame(text: string, id?: number): string {
  if (/[\r\n]/.test(text)) throw new Error('a comment is one line');
  return `: ${text}\n${id === undefined ? '' : `id: ${idText(id)}\n`}\n`;
}

export const retryFrame = (ms: number): string => `retry: ${Math.max(0, Math.round(ms))}\n\n`;

function idText(id: number): string {
  const text = String(id);
  if (!ID.test(text)) throw new Error(`event id ${text} is not a non-negative integer`);
  return text;
}

/**
 * The `Last-Event-ID` request header: undefined when absent or empty (a client that was sent no
 * id yet), else the id; anything but one non-negative integer is a 400 pointing at the header.
 */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  const text = Array.isArray(header) ? header.join(', ') : header.trim();
  const id = ID.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id)) {
    throw validationProblem(
      [
        {
          pointer: '/headers/last-event-id',
          detail: 'must be the id of an event of this stream, a non-negative integer',
        },
      ],
      'the Last-Event-ID header is not an id this stream sends',
    );
  }
  return id;
}

export class EventStream {
  /** The response body: what the handler answers. */
  readonly body = new PassThrough();
  readonly headers = EVENT_STREAM_HEADERS;
  readonly #spec: EventStreamSpec;
  readonly #maxBuffered: number;
  readonly #closed = new AbortController();
  readonly #heartbeat: NodeJS.Timeout;
  #lastId: number | undefined;
  #position: number | undefined;

  constructor(spec: EventStreamSpec, options: EventStreamOptions = {}, closing?: AbortSignal) {
    const { retryMs = 3000, heartbeatMs = 15_000, maxBufferedBytes = 1 << 20 } = options;
    this.#spec = spec;
    this.#maxBuffered = maxBufferedBytes;
    this.body.on('close', () => this.#close());
    this.body.on('error', () => this.#close());
    this.#heartbeat = setInterval(() => this.#write(commentFrame('keep-alive', this.#unsentPosition())), heartbeatMs);
    this.#heartbeat.unref();
    if (closing?.aborted) queueMicrotask(() => this.end());
    else closing?.addEventListener('abort', () => this.end(), { once: true, signal: this.#closed.signal });
    this.#write(retryFrame(retryMs));
  }

  /** Aborted when the stream has ended, for whatever reason: listen to it to let go of what feeds it. */
  get closed(): AbortSignal {
    return this.#closed.signal;
  }

  /** Writes one message (its data parsed by the event's schema); nothing once the stream has ended. */
  send(message: StreamMessage): void {
    if (this.#closed.signal.aborted) return;
    const declared = this.#spec.events[message.event];
    if (!declared) throw new Error(`event ${message.event} is not declared by this stream`);
    const data = declared.data.parse(message.data);
    this.#write(frame(message, data));
    if (message.id !== undefined) this.#lastId = this.#position = message.id;
  }

  /** Moves the stream's position without a message; the next heartbeat carries it. */
  advance(id: number): void {
    idText(id);
    this.#position = id;
  }

  /** Ends the stream, after a last message when given. */
  end(last?: StreamMessage): void {
    if (this.#closed.signal.aborted) return;
    if (last) this.send(last);
    this.body.end();
    this.#close();
  }

  #unsentPosition(): number | undefined {
    return this.#position !== undefined && this.#position !== this.#lastId
      ? (this.#lastId = this.#position)
      : undefined;
  }

  #write(text: string): void {
    if (this.#closed.signal.aborted) return;
    this.body.write(text);
    // A client that stops reading would have us buffer without end: let it go; it resumes when it reads again.
    if (this.body.readableLength + this.body.writableLength > this.#maxBuffered) {
      this.body.destroy();
      this.#close();
    }
  }

  #close(): void {
    clearInterval(this.#heartbeat);
    this.#closed.abort();
  }
}

/** A stream answering this request; it also ends when the server closes. */
export function openEventStream(ctx: KitContext, spec: EventStreamSpec, options?: EventStreamOptions): EventStream {
  return new EventStream(spec, options, closingSignalOf(ctx.req));
}
