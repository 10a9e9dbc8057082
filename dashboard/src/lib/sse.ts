/**
 * A server-sent events parser, as the WHATWG HTML standard says to interpret an event stream
 * (§9.2.6): lines end in CRLF, LF or CR (also when a chunk splits a CRLF); a line starting with
 * `:` is a comment; `field: value` loses one space after the colon; `data` lines are joined with
 * LF; a blank line dispatches; `id` (without NUL) sets the last event id, which persists; `retry`
 * (digits only) sets the reconnection time; an event cut off by the end of the stream is dropped.
 * Text in, messages out: decoding (`TextDecoder`, which also drops a BOM) is the reader's job.
 */

export interface SseMessage {
  /** The `event` field, `message` when there was none. */
  type: string;
  data: string;
  /** The last event id as of this message (it persists across messages until the server sets another). */
  lastEventId: string;
}

export interface SseHandlers {
  message(message: SseMessage): void;
  /** A `retry` field: the reconnection time the server asks for, in ms. */
  retry?(ms: number): void;
  /** A comment line (a keep-alive). */
  comment?(text: string): void;
}

export class SseParser {
  /** The last event id seen (what `Last-Event-ID` carries on a reconnection). */
  lastEventId: string;
  private line = '';
  private skipLineFeed = false;
  private started = false;
  private data = '';
  private type = '';
  private idBuffer: string;

  constructor(
    private readonly handlers: SseHandlers,
    lastEventId = '',
  ) {
    this.lastEventId = lastEventId;
    this.idBuffer = lastEventId;
  }

  feed(chunk: string): void {
    if (chunk.length === 0) return;
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (this.skipLineFeed && text.charCodeAt(0) === 10) start = 1;
    this.skipLineFeed = false;
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      const line = this.line + text.slice(start, i);
      this.line = '';
      if (code === 13) {
        if (i + 1 === text.length) this.skipLineFeed = true;
        else if (text.charCodeAt(i + 1) === 10) i += 1;
      }
      start = i + 1;
      this.process(line);
    }
    this.line += text.slice(start);
  }

  /** The stream ended: what was not dispatched is dropped. */
  end(): void {
    this.line = '';
    this.data = '';
    this.type = '';
    this.skipLineFeed = false;
  }

  private process(line: string): void {
    if (line === '') return this.dispatch();
    if (line.charCodeAt(0) === 58 /* : */) {
      this.handlers.comment?.(line.slice(1));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event':
        this.type = value;
        break;
      case 'data':
        this.data += `${value}\n`;
        break;
      case 'id':
        if (!value.includes('\0')) this.idBuffer = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.handlers.retry?.(Number(value));
        break;
      default:
      // other fields are ignored
    }
  }

  private dispatch(): void {
    this.lastEventId = this.idBuffer;
    if (this.data === '') {
      this.type = '';
      return;
    }
    const data = this.data.endsWith('\n') ? this.data.slice(0, -1) : this.data;
    const type = this.type || 'message';
    this.data = '';
    this.type = '';
    this.handlers.message({ type, data, lastEventId: this.lastEventId });
  }
}
