/**
 * `/<service>/…` through the dashboard's server to a real HTTP service of our own: status,
 * headers (hop-by-hop dropped, X-Forwarded-* added) and bodies pass; server-sent events arrive
 * frame by frame; the service's request is cut when the browser leaves; request bodies stream
 * and are bounded; a service that is down is a 502 problem naming it; other prefixes are the app's.
 * No timing: each step waits for the event that proves it.
 */
import fs from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Listening } from '../../http/index.js';
import { raw } from './test-fixtures/http-client.js';
import type { Upstream } from './forward.js';
import { startDashboardServer } from './server.js';

const LIMIT = 64 * 1024;

/** A promise with its resolve in hand. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let service: Server;
let serviceUrl: string;
let downUrl: string;
let dir: string;
let dashboard: Listening;
const seen: Seen[] = [];
let uploads = 0;
let nextFrame = signal();
let firstBytes = signal<number>();
let holdClosed = signal();
let waitAsked = signal();
let waitClosed = signal();

function answer(req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? '';
  if (url.startsWith('/events')) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('data: one\n\n');
    void nextFrame.promise.then(() => {
      res.write('data: two\n\n');
      res.end();
    });
    return;
  }
  if (url.startsWith('/hold')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: held\n\n');
    res.on('close', () => holdClosed.resolve());
    return;
  }
  if (url.startsWith('/wait')) {
    res.on('close', () => waitClosed.resolve());
    waitAsked.resolve(); // and no answer yet
    return;
  }
  if (url.startsWith('/upload')) {
    uploads++;
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      if (bytes === 0) firstBytes.resolve(chunk.length);
      bytes += chunk.length;
    });
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes })));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url, headers: req.headers, body: Buffer.concat(chunks).toString() });
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.writeHead(url.startsWith('/missing') ? 404 : 201, {
      'content-type': url.startsWith('/missing') ? 'application/problem+json' : 'application/json',
      'x-service': 'yes',
      connection: 'x-hop',
      'x-hop': 'for the next hop only',
    });
    res.end(JSON.stringify({ url }));
  });
}

const listenOn = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

beforeAll(async () => {
  service = createServer(answer);
  serviceUrl = await listenOn(service);
  const down = createServer();
  downUrl = await listenOn(down);
  await new Promise((resolve) => down.close(resolve)); // a port where nothing answers
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-dashboard-forward-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>the app</title>');
  const upstreams: Upstream[] = [
    { service: 'atlas', title: 'Atlas', prefix: '/atlas', origin: serviceUrl },
    { service: 'nexacore', title: 'NexaCore', prefix: '/nexacore', origin: downUrl },
  ];
  dashboard = await startDashboardServer({
    dist: path.join(dir, 'dist'),
    upstreams,
    logger: createLogger({ name: 'test', level: 'silent' }),
    maxBodyBytes: LIMIT,
    port: 0,
    host: '127.0.0.1',
  });
});

afterAll(async () => {
  await dashboard?.close();
  service?.closeAllConnections();
  await new Promise((resolve) => service?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('forwarding', () => {
  it('sends /atlas/… to the service without the prefix, and its answer back as it was', async () => {
    const answer = await raw(dashboard.url, '/atlas/api/v1/echo?x=1&y=%2F', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer t0ken',
        connection: 'keep-alive, x-client-hop',
        'x-client-hop': 'for the dashboard only',
        'x-forwarded-for': '203.0.113.9',
      },
      body: '{"name":"Lab"}',
    });
    expect(answer.status).toBe(201);
    expect(answer.json()).toEqual({ url: '/api/v1/echo?x=1&y=%2F' });
    expect(answer.headers['x-service']).toBe('yes');
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(answer.headers['x-hop']).toBeUndefined();
    expect(answer.headers['x-content-type-options']).toBe('nosniff');

    const asked = seen.at(-1)!;
    expect(asked).toMatchObject({ method: 'POST', url: '/api/v1/echo?x=1&y=%2F', body: '{"name":"Lab"}' });
    expect(asked.headers.authorization).toBe('Bearer t0ken');
    expect(asked.headers['content-type']).toBe('application/json');
    expect(asked.headers['x-client-hop']).toBeUndefined();
    expect(asked.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(asked.headers['x-forwarded-proto']).toBe('http');
    expect(asked.headers['x-forwarded-host']).toBe(new URL(dashboard.url).host);
    expect(asked.headers.host).toBe(new URL(dashboard.url).host);
  });

  it('passes error statuses as they are', async () => {
    const answer = await raw(dashboard.url, '/atlas/missing');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/problem+json');
  });

  it('/atlas alone and /atlas?… are the service root', async () => {
    expect((await raw(dashboard.url, '/atlas')).json()).toEqual({ url: '/' });
    expect((await raw(dashboard.url, '/atlas?q=1')).json()).toEqual({ url: '/?q=1' });
  });

  it('another prefix is the app: a page as HTML, else a 404 problem', async () => {
    const page = await raw(dashboard.url, '/atlasx/api/v1/me', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('the app');
    const other = await raw(dashboard.url, '/scoresquad/api/v1/performance/users/1', {
      headers: { accept: 'application/json' },
    });
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toBe('application/problem+json');
  });

  it('a service that does not answer is a 502 problem naming it and how to start it', async () => {
    const answer = await raw(dashboard.url, '/nexacore/api/v1/labs/x');
    expect(answer.status).toBe(502);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const problem = answer.json<{ type: string; title: string; detail: string }>();
    expect(problem.type).toBe('https://atlas.dev/problems/bad-gateway');
    expect(problem.title).toBe('Bad gateway');
    expect(problem.detail).toContain('NexaCore (nexacore) did not answer at ' + downUrl);
    expect(problem.detail).toContain('npm start -- nexacore');
  });
});

describe('streaming', () => {
  it('server-sent events arrive frame by frame, before the service ends its answer', async () => {
    nextFrame = signal();
    const frames: string[] = [];
    const got = { one: signal(), end: signal() };
    const req = request(`${dashboard.url}/atlas/events`, { headers: { accept: 'text/event-stream' } }, (res) => {
      expect(res.headers['content-type']).toBe('text/event-stream');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        frames.push(chunk);
        if (chunk.includes('one')) got.one.resolve();
      });
      res.on('end', () => got.end.resolve());
    });
    req.end();
    await got.one.promise; // the first frame is here while the service still holds the second
    expect(frames.join('')).toBe('data: one\n\n');
    nextFrame.resolve();
    await got.end.promise;
    expect(frames.join('')).toBe('data: one\n\ndata: two\n\n');
  });

  it("the service's request is cut when the browser goes away", async () => {
    holdClosed = signal();
    const first = signal();
    const req = request(`${dashboard.url}/atlas/hold`, (res) => res.once('data', () => first.resolve()));
    req.on('error', () => undefined);
    req.end();
    await first.promise;
    req.destroy(); // the tab is closed
    await holdClosed.promise; // the service saw its answer's connection close
  });

  it("the service's request is cut when the browser leaves before any answer", async () => {
    waitAsked = signal();
    waitClosed = signal();
    const req = request(`${dashboard.url}/atlas/wait`);
    req.on('error', () => undefined);
    req.end();
    await waitAsked.promise;
    req.destroy();
    await waitClosed.promise;
  });

  it('a request body streams to the service before it has all arrived', async () => {
    firstBytes = signal<number>();
    const done = signal<string>();
    const req = request(
      `${dashboard.url}/atlas/upload`,
      { method: 'POST', headers: { 'content-type': 'text/plain' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done.resolve(text));
      },
    );
    req.write(Buffer.alloc(1000, 97));
    expect(await firstBytes.promise).toBeGreaterThan(0); // the service has bytes; the request is not over
    req.end(Buffer.alloc(2000, 98));
    expect(JSON.parse(await done.promise)).toEqual({ bytes: 3000 });
  });
});

describe('bounded request bodies', () => {
  it('a declared length over the limit is a 413 problem; the service is not asked', async () => {
    const before = uploads;
    const answer = await raw(dashboard.url, '/atlas/upload', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': String(LIMIT + 1) },
      body: Buffer.alloc(LIMIT + 1, 97),
    }).catch((error: Error) => ({ status: -1, error }));
    expect(answer.status).toBe(413);
    expect(uploads).toBe(before);
  });

  it('a chunked body that grows over the limit is cut with a 413 problem', async () => {
    const status = signal<number>();
    const req = request(
      `${dashboard.url}/atlas/upload`,
      { method: 'POST', headers: { 'content-type': 'text/plain' } },
      (res) => {
        status.resolve(res.statusCode ?? 0);
        res.resume();
      },
    );
    req.on('error', () => undefined);
    req.write(Buffer.alloc(LIMIT / 2, 97));
    req.write(Buffer.alloc(LIMIT, 97));
    req.end();
    expect(await status.promise).toBe(413);
  });
});
