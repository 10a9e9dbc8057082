/**
 * Tests only: a live stream read as the dashboard reads it, with fetch() and a reader, parsed as
 * the HTML standard parses server-sent events (fields `id`, `event`, `data`, `retry`; comments;
 * a message per blank line; a block with an `id` and no data only moves the last event id).
 */
export interface Message {
  id?: string;
  event: string;
  data: any;
}

export interface OpenedStream {
  status: number;
  headers: Headers;
  /** The problem document, when the answer is not a stream. */
  problem?: any;
  /** The next message; `null` once the stream has ended. Throws when none comes within `withinMs`. */
  next(withinMs?: number): Promise<Message | null>;
  /** Messages until one satisfies `done` (returned last). */
  until(done: (message: Message) => boolean, withinMs?: number): Promise<Message[]>;
  /** What the client would send as Last-Event-ID now. */
  readonly lastEventId: string;
  readonly retry: number | undefined;
  readonly comments: readonly string[];
  close(): Promise<void>;
}

export async function openStream(
  url: string,
  options: { token?: string; lastEventId?: string; method?: string } = {},
): Promise<OpenedStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers: {
      accept: 'text/event-stream',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
    },
    signal: abort.signal,
  });
  const comments: string[] = [];
  const queue: Message[] = [];
  let lastEventId = '';
  let retry: number | undefined;
  let ended = false;
  let buffer = '';
  let block = { id: undefined as string | undefined, event: '', data: [] as string[] };
  const isStream = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  const problem = isStream ? undefined : await response.json().catch(() => undefined);
  const reader = isStream ? response.body!.getReader() : undefined;
  const decoder = new TextDecoder();

  const line = (text: string) => {
    if (text === '') {
      if (block.id !== undefined) lastEventId = block.id;
      if (block.data.length > 0) {
        queue.push({
          ...(block.id !== undefined ? { id: block.id } : {}),
          event: block.event || 'message',
          data: JSON.parse(block.data.join('\n')),
        });
      }
      block = { id: undefined, event: '', data: [] };
      return;
    }
    if (text.startsWith(':')) {
      comments.push(text.slice(1).trim());
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') block.id = value;
    else if (field === 'event') block.event = value;
    else if (field === 'data') block.data.push(value);
    else if (field === 'retry') retry = Number(value);
  };

  const pump = async (withinMs: number): Promise<void> => {
    if (!reader) {
      ended = true;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no message within ${withinMs} ms`)), withinMs);
    });
    try {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) {
        ended = true;
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop()!;
      lines.forEach(line);
    } finally {
      clearTimeout(timer);
    }
  };

  const next = async (withinMs = 15_000): Promise<Message | null> => {
    while (queue.length === 0) {
      if (ended) return null;
      await pump(withinMs);
    }
    return queue.shift()!;
  };

  return {
    status: response.status,
    headers: response.headers,
    ...(problem === undefined ? {} : { problem }),
    next,
    async until(done, withinMs) {
      const seen: Message[] = [];
      for (;;) {
        const message = await next(withinMs);
        if (message === null) throw new Error(`the stream ended before: ${JSON.stringify(seen)}`);
        seen.push(message);
        if (done(message)) return seen;
      }
    },
    get lastEventId() {
      return lastEventId;
    },
    get retry() {
      return retry;
    },
    comments,
    async close() {
      abort.abort();
      await reader?.cancel().catch(() => {});
    },
  };
}

/** Polls `check` until it holds (what a service hears of a client a little later), within a liveness bound. */
export async function until(check: () => boolean | Promise<boolean>, what: string, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
