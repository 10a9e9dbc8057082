/**
 * Server-sent events as a route's answer: the framing and `Last-Event-ID` (pure), and a stream
 * over real HTTP from a service built by the kit: its headers, `retry:`, messages parsed by their
 * schemas, the heartbeat (with the position), the end when the client goes away or the server
 * closes, and how the OpenAPI document shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accessTokenExpiry } from './auth.js';
import type { KitContext } from './context.js';
import {
  EventStream,
  commentFrame,
  frame,
  openEventStream,
  parseLastEventId,
  retryFrame,
  type EventStreamSpec,
} from './event-stream.js';
import { AUDIENCE, ISSUER, TokenIssuer } from './fixtures/token-issuer.js';
import { createLogger } from './log.js';
import { Problem } from './problem.js';
import { defineRoute, type Responses } from './route.js';
import { createService, listen, type Listening } from './service.js';

const spec: EventStreamSpec = {
  events: {
    tick: { description: 'A tick', data: z.object({ n: z.int() }) },
  },
  resumable: true,
};

describe('framing', () => {
  it('writes id, event and data on one line each, then a blank line', () => {
    expect(frame({ id: 7, event: 'tick', data: { n: 1 } })).toBe('id: 7\nevent: tick\ndata: {"n":1}\n\n');
    expect(frame({ event: 'tick', data: { text: 'two\nlines\r' } })).toBe(
      'event: tick\ndata: {"text":"two\\nlines\\r"}\n\n',
    );
    expect(commentFrame('keep-alive')).toBe(': keep-alive\n\n');
    expect(commentFrame('keep-alive', 12)).toBe(': keep-alive\nid: 12\n\n');
    expect(retryFrame(3000)).toBe('retry: 3000\n\n');
  });

  it('refuses what would break the framing: an event name or an id with a line in it', () => {
    expect(() => frame({ event: 'a\nb', data: {} })).toThrow(/cannot be framed/);
    expect(() => frame({ id: -1, event: 'tick', data: {} })).toThrow(/non-negative integer/);
    expect(() => frame({ id: 1.5, event: 'tick', data: {} })).toThrow(/non-negative integer/);
    expect(() => commentFrame('a\nb')).toThrow(/one line/);
  });
});

describe('parseLastEventId', () => {
  it('reads a non-negative integer; absent or empty is no id', () => {
    expect(parseLastEventId(undefined)).toBeUndefined();
    expect(parseLastEventId('')).toBeUndefined();
    expect(parseLastEventId('0')).toBe(0);
    expect(parseLastEventId('1234')).toBe(1234);
    expect(parseLastEventId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['abc', '-1', '01', '1.5', '1e3', '9007199254740993', '1, 2'])(
    'refuses %j with a 400 at the header',
    (id) => {
      let thrown: unknown;
      try {
        parseLastEventId(id);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Problem);
      expect((thrown as Problem).status).toBe(400);
      expect((thrown as Problem).errors).toEqual([{ pointer: '/headers/last-event-id', detail: expect.any(String) }]);
    },
  );

  it('refuses two headers (Node joins them)', () => {
    expect(() => parseLastEventId(['1', '2'])).toThrow(Problem);
  });
});

describe('an EventStream', () => {
  it('ends when its client stops taking what it writes', () => {
    const stream = new EventStream(spec, { maxBufferedBytes: 200 });
    for (let n = 0; n < 10 && !stream.closed.aborted; n += 1) stream.send({ id: n, event: 'tick', data: { n } });
    expect(stream.closed.aborted).toBe(true);
    expect(stream.body.destroyed).toBe(true);
  });

  it('parses each message with its event’s schema: undeclared fields dropped, undeclared events and bad data refused', async () => {
    const stream = new EventStream(spec);
    stream.send({ id: 1, event: 'tick', data: { n: 1, secret: 'x' } });
    expect(() => stream.send({ event: 'tock', data: {} })).toThrow(/not declared/);
    expect(() => stream.send({ event: 'tick', data: { n: 'one' } })).toThrow();
    stream.end();
    const text = (await stream.body.toArray()).join('');
    expect(text).toBe('retry: 3000\n\nid: 1\nevent: tick\ndata: {"n":1}\n\n');
    stream.send({ event: 'tick', data: { n: 2 } }); // after the end: nothing, no error
  });
});

describe('over HTTP', () => {
  const issuer = new TokenIssuer();
  let served: Listening;
  const streams: EventStream[] = [];
  const expiries: (number | undefined)[] = [];

  beforeAll(async () => {
    const jwksUrl = await issuer.serveJwks();
    const route = defineRoute({
      method: 'GET',
      path: '/ticks',
      summary: 'Ticks',
      auth: 'required',
      usesStore: false,
      responses: { 200: { description: 'Ticks', eventStream: spec } },
      handler: async (ctx: KitContext) => {
        const lastEventId = parseLastEventId(ctx.headers['last-event-id']);
        const stream = openEventStream(ctx, spec, { heartbeatMs: 20, retryMs: 1500 });
        streams.push(stream);
        expiries.push(accessTokenExpiry(ctx));
        stream.send({ id: (lastEventId ?? 0) + 1, event: 'tick', data: { n: 1 } });
        stream.advance((lastEventId ?? 0) + 5);
        return { status: 200, body: stream.body, headers: stream.headers };
      },
    });
    const app = createService({
      name: 'sse',
      version: '1',
      routes: [route],
      auth: { jwksUrl, issuer: ISSUER, audience: AUDIENCE },
      logger: createLogger({ name: 'sse', level: 'silent' }),
    });
    served = await listen(app);
  });

  afterAll(async () => {
    await issuer.close();
  });

  async function read(response: Response, until: (text: string) => boolean): Promise<string> {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!until(text)) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    return text;
  }

  it('answers the stream’s headers, the retry hint, its messages and heartbeats carrying the position', async () => {
    const token = issuer.sign({}, { expiresIn: 120 });
    const response = await fetch(`${served.url}/ticks`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': '10' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const text = await read(response, (t) => (t.match(/: keep-alive/g) ?? []).length >= 2);
    expect(text.startsWith('retry: 1500\n\nid: 11\nevent: tick\ndata: {"n":1}\n\n: keep-alive\nid: 15\n\n')).toBe(true);
    // The position is sent once; later heartbeats are bare.
    expect(text.slice(text.indexOf('id: 15')).match(/id: /g)).toHaveLength(1);
    expect(expiries.at(-1)).toBe(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp * 1000);
  });

  it('ends, letting go of its heartbeat, when the client goes away', async () => {
    const response = await fetch(`${served.url}/ticks`, { headers: { authorization: `Bearer ${issuer.sign()}` } });
    await read(response, (t) => t.includes('event: tick'));
    const stream = streams.at(-1)!;
    await new Promise<void>((resolve) =>
      stream.closed.aborted ? resolve() : stream.closed.addEventListener('abort', () => resolve()),
    );
    expect(stream.body.destroyed).toBe(true);
  });

  it('refuses before any stream: 401 without a token, 400 for a malformed Last-Event-ID (problem+json)', async () => {
    const before = streams.length;
    const anonymous = await fetch(`${served.url}/ticks`);
    expect(anonymous.status).toBe(401);
    const malformed = await fetch(`${served.url}/ticks`, {
      headers: { authorization: `Bearer ${issuer.sign()}`, 'last-event-id': 'x' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(streams.length).toBe(before);
  });

  it('is documented as text/event-stream with its events, the Last-Event-ID header and the 400 it may give', async () => {
    const document = (await (await fetch(`${served.url}/openapi.json`)).json()) as any;
    const operation = document.paths['/ticks'].get;
    expect(operation.responses['200'].content['text/event-stream']).toMatchObject({
      schema: { type: 'string' },
      'x-events': { tick: { description: 'A tick', data: { type: 'object', properties: { n: { type: 'integer' } } } } },
    });
    expect(operation.parameters).toEqual([
      expect.objectContaining({ name: 'Last-Event-ID', in: 'header', required: false }),
    ]);
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '500']);
  });

  it('ends open streams when the server closes, so that close() does not wait for the clients', async () => {
    const response = await fetch(`${served.url}/ticks`, { headers: { authorization: `Bearer ${issuer.sign()}` } });
    const reader = response.body!.getReader();
    await reader.read();
    await served.close();
    expect(streams.at(-1)!.closed.aborted).toBe(true);
    for (;;) if ((await reader.read()).done) break;
  });
});

describe('defineRoute with an event stream', () => {
  const route = (method: 'GET' | 'POST', responses: Responses) => () =>
    defineRoute({ method, path: '/s', summary: 's', auth: 'none', responses, handler: async () => ({ status: 200 }) });

  it('takes it only as the success of a GET, without a JSON schema', () => {
    expect(route('GET', { 200: { description: 'ok', eventStream: spec } })).not.toThrow();
    expect(route('POST', { 200: { description: 'ok', eventStream: spec } })).toThrow(/event stream/);
    expect(route('GET', { 200: { description: 'ok', eventStream: spec, schema: z.object({}) } })).toThrow(
      /event stream/,
    );
  });
});
