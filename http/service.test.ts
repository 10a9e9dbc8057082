/**
 * The kit over real HTTP: every error is RFC 9457 problem+json, validation points into the
 * request, and the standard routes answer.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSample, type RunningSample } from './fixtures/sample-service.js';

let service: RunningSample;
beforeAll(async () => {
  service = await startSample({ bodyLimit: '2kb' });
});
afterAll(async () => {
  await service.close();
});

const call = (path: string, init: RequestInit = {}) => fetch(service.url + path, init);
const postJson = (path: string, body: unknown) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** One request written on a socket as given, and the answer as read back (for what fetch cannot send). */
async function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(new URL(service.url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(request);
  });
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/** Asserts the RFC 9457 shape and returns the document. */
async function problem(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const document = (await response.json()) as Record<string, unknown> & {
    errors?: { pointer: string; detail: string }[];
  };
  expect(document).toMatchObject({ type: `https://atlas.dev/problems/${type}`, status });
  expect(typeof document.title).toBe('string');
  expect(typeof document.detail).toBe('string');
  expect(document.request_id).toBe(response.headers.get('x-request-id'));
  return document;
}

const record = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  minute_start: '2025-03-01T09:15:00Z',
  active_seconds: 42,
  ...overrides,
});

describe('validation problems', () => {
  it('accepts a valid body', async () => {
    const response = await postJson('/api/v1/activity/log', { records: [record(), record()] });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2 });
  });

  it('points at wrong types, missing fields and unknown fields, all at once', async () => {
    const records = [record(), record(), record(), record({ active_seconds: '42' })];
    delete (records[1] as Record<string, unknown>).minute_start;
    (records[2] as Record<string, unknown>).keys_pressed = 'hello';
    const response = await postJson('/api/v1/activity/log', { records, extra: true });
    const document = await problem(response, 400, 'validation');
    const pointers = document.errors!.map((e) => e.pointer).sort();
    expect(pointers).toEqual([
      '/body/extra',
      '/body/records/1/minute_start',
      '/body/records/2/keys_pressed',
      '/body/records/3/active_seconds',
    ]);
    expect(document.errors!.find((e) => e.pointer === '/body/extra')!.detail).toBe('unknown field');
  });

  it('points at out-of-range values', async () => {
    const response = await postJson('/api/v1/activity/log', { records: [record({ active_seconds: 61 })] });
    const document = await problem(response, 400, 'validation');
    expect(document.errors).toEqual([{ pointer: '/body/records/0/active_seconds', detail: expect.any(String) }]);
  });

  it('validates path and query parameters', async () => {
    const response = await call('/api/v1/labs/not-a-uuid?from=yesterday&color=red');
    const document = await problem(response, 400, 'validation');
    expect(document.errors!.map((e) => e.pointer).sort()).toEqual([
      '/params/organization_id',
      '/query/color',
      '/query/from',
    ]);
  });

  it('passes parsed params and query to the handler and strips undeclared response fields', async () => {
    const id = randomUUID();
    const response = await call(`/api/v1/labs/${id}?from=2025-03-01`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ organization_id: id, lab_name: 'Lab', from: '2025-03-01' });
  });

  it('refuses a body on a route that takes none', async () => {
    const response = await postJson(`/api/v1/tasks/${randomUUID()}/start`, { force: true });
    const document = await problem(response, 400, 'validation');
    expect(document.errors).toEqual([{ pointer: '/body', detail: 'this route takes no request body' }]);
  });

  it('reports a missing body field by field', async () => {
    const response = await call('/api/v1/activity/log', { method: 'POST' });
    const document = await problem(response, 400, 'validation');
    expect(document.errors!.map((e) => e.pointer)).toEqual(['/body/records']);
  });
});

describe('body problems', () => {
  it('400 for malformed JSON', async () => {
    const response = await call('/api/v1/activity/log', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"records": [',
    });
    await problem(response, 400, 'malformed-request');
  });

  it('400 for JSON that is not an object or array (strict parsing)', async () => {
    const response = await call('/api/v1/activity/log', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '"records"',
    });
    await problem(response, 400, 'malformed-request');
  });

  it('413 for a body over the limit', async () => {
    const records = Array.from({ length: 40 }, () => record());
    const response = await postJson('/api/v1/activity/log', { records });
    const document = await problem(response, 413, 'payload-too-large');
    expect(document.detail).toContain('2kb');
  });

  it('413 for a chunked body (no Content-Length) that grows over the limit', async () => {
    const chunk = new TextEncoder().encode(JSON.stringify(record()).repeat(4));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await call('/api/v1/activity/log', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    await problem(response, 413, 'payload-too-large');
  });

  it('accepts a bodyless POST (Content-Length: 0, no content type)', async () => {
    const response = await call(`/api/v1/tasks/${randomUUID()}/start`, { method: 'POST' });
    // The route runs (and loses its race): the empty body was not refused as a 415.
    expect(response.status).toBe(409);
  });

  it('415 for a body that is not JSON', async () => {
    const response = await call('/api/v1/activity/log', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'records=1',
    });
    await problem(response, 415, 'unsupported-media-type');
  });

  it('415 for a form body', async () => {
    const response = await call('/api/v1/activity/log', { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    await problem(response, 415, 'unsupported-media-type');
  });

  it('accepts JSON with a charset and +json media types', async () => {
    const body = JSON.stringify({ records: [record()] });
    for (const type of ['application/json; charset=utf-8', 'application/vnd.atlas+json']) {
      const response = await call('/api/v1/activity/log', { method: 'POST', headers: { 'content-type': type }, body });
      expect(response.status, type).toBe(202);
    }
  });
});

describe('routing problems', () => {
  it('404 for an unknown route', async () => {
    const document = await problem(await call('/api/v1/nowhere'), 404, 'not-found');
    expect(document.instance).toBe('/api/v1/nowhere');
  });

  it('405 with Allow for a known path and a wrong method', async () => {
    const response = await call(`/api/v1/labs/${randomUUID()}`, { method: 'DELETE' });
    await problem(response, 405, 'method-not-allowed');
    const allow = response.headers.get('allow')!.split(/,\s*/).sort();
    expect(allow).toEqual(['GET', 'HEAD', 'PATCH']);
  });

  it('405 with Allow for any method a known path does not have, those @koa/router does not know included', async () => {
    for (const method of ['PROPFIND', 'TRACE', 'PUT', 'MKCOL']) {
      const answer = await raw(`${method} /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow, method).toBe('HEAD, GET');
      expect(answer.headers['content-type'], method).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.body), method).toMatchObject({
        type: 'https://atlas.dev/problems/method-not-allowed',
        status: 405,
      });
    }
  });

  it('405 for CONNECT on a known path too (Node hands CONNECT to the app through its own event)', async () => {
    const answer = await raw('CONNECT /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('HEAD, GET');
    expect(JSON.parse(answer.body)).toMatchObject({
      type: 'https://atlas.dev/problems/method-not-allowed',
      status: 405,
    });
  });

  it('404 for any method on an unknown path', async () => {
    for (const method of ['PROPFIND', 'DELETE', 'OPTIONS']) {
      const answer = await raw(`${method} /api/v1/nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer.status, method).toBe(404);
      expect(answer.headers.allow, method).toBeUndefined();
      expect(JSON.parse(answer.body), method).toMatchObject({
        type: 'https://atlas.dev/problems/not-found',
        status: 404,
      });
    }
  });

  it('answers OPTIONS with Allow', async () => {
    const response = await call(`/api/v1/labs/${randomUUID()}`, { method: 'OPTIONS' });
    expect(response.status).toBe(200);
    expect(response.headers.get('allow')).toContain('PATCH');
  });
});

describe('requests Node refuses before Koa sees them', () => {
  it("431 problem+json for headers over the server's limit (16 KiB by default)", async () => {
    const answer = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const document = JSON.parse(answer.body);
    expect(document).toMatchObject({
      type: 'https://atlas.dev/problems/headers-too-large',
      title: 'Request header fields too large',
      status: 431,
    });
    expect(typeof document.detail).toBe('string');
    expect(document.request_id).toBe(answer.headers['x-request-id']);
  });

  it('400 problem+json for a request that is not HTTP', async () => {
    const answer = await raw('HELLO THERE\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      type: 'https://atlas.dev/problems/malformed-request',
      status: 400,
    });
  });

  it('still serves the next connection', async () => {
    expect((await call('/healthz')).status).toBe(200);
  });
});

describe('the documented contract, checked outside production', () => {
  it('turns a status the route does not declare into a 500 that names the breach', async () => {
    const document = await problem(await call('/api/v1/undeclared'), 500, 'internal');
    expect(document.detail).toContain('GET /api/v1/undeclared answered 404, which it does not declare');
    expect(
      service.logs.some(
        (line) => line.request_id === document.request_id && line.msg === 'answer off its documented contract',
      ),
    ).toBe(true);
  });

  it('in production lets the answer out as it is, and logs the breach', async () => {
    const production = await startSample({ contract: 'log' });
    try {
      const document = await problem(await fetch(`${production.url}/api/v1/undeclared`), 404, 'not-found');
      const logged = production.logs.find(
        (line) => line.request_id === document.request_id && line.msg === 'answer off its documented contract',
      );
      expect(logged!.contract).toEqual(['GET /api/v1/undeclared answered 404, which it does not declare']);
    } finally {
      await production.close();
    }
  });

  it('passes every declared error answer', async () => {
    await problem(await call('/api/v1/limited'), 429, 'rate-limited');
    await problem(await call('/api/v1/me'), 401, 'unauthorized');
  });
});

describe('errors thrown by handlers', () => {
  it("an error of the service's own domain, through the mapper it handed in (409 for a lost race)", async () => {
    const response = await call(`/api/v1/tasks/${randomUUID()}/start`, { method: 'POST' });
    const document = await problem(response, 409, 'conflict');
    expect(document.detail).not.toContain('task-');
  });

  it('429 with Retry-After', async () => {
    const response = await call('/api/v1/limited');
    const document = await problem(response, 429, 'rate-limited');
    expect(response.headers.get('retry-after')).toBe('30');
    expect(document.retry_after).toBe(30);
  });

  it('403 keeps its detail', async () => {
    const document = await problem(await call('/api/v1/forbidden'), 403, 'forbidden');
    expect(document.detail).toBe('only owners may do this');
  });

  it('500 hides the error from the client and logs it with its stack', async () => {
    const response = await call('/api/v1/boom');
    const document = await problem(response, 500, 'internal');
    expect(JSON.stringify(document)).not.toContain('hunter2');
    const logged = service.logs.find((line) => line.request_id === document.request_id && line.err);
    expect((logged!.err as { stack: string }).stack).toContain('hunter2');
  });

  it('500 when a handler answers off its documented contract', async () => {
    const document = await problem(await call('/api/v1/off-contract'), 500, 'internal');
    const logged = service.logs.find((line) => line.request_id === document.request_id && line.internal);
    expect(String(logged!.internal)).toContain('/n');
  });

  it('401 problem for a route that needs a token', async () => {
    const response = await call('/api/v1/me');
    const document = await problem(response, 401, 'unauthorized');
    expect(document.detail).toBe('invalid or missing token');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('standard routes and request ids', () => {
  it('GET /healthz', async () => {
    const response = await call('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service: 'sample', version: '1.2.3' });
  });

  it('GET /healthz is 503 when a dependency fails', async () => {
    const sick = await startSample({
      health: async () => {
        throw new Error('event store down');
      },
    });
    try {
      const document = await problem(await fetch(`${sick.url}/healthz`), 503, 'unavailable');
      expect(document.detail).not.toContain('event store down');
    } finally {
      await sick.close();
    }
  });

  it('GET /healthz carries the facts health() reports', async () => {
    const withFacts = await startSample({ health: async () => ({ event_store: 'sqlite', lag: 0 }) });
    try {
      const body = await (await fetch(`${withFacts.url}/healthz`)).json();
      expect(body).toEqual({ status: 'ok', service: 'sample', version: '1.2.3', event_store: 'sqlite', lag: 0 });
    } finally {
      await withFacts.close();
    }
  });

  it('echoes a sane X-Request-Id and replaces a forged one', async () => {
    const sane = await call('/healthz', { headers: { 'x-request-id': 'agent-7f3a9c01' } });
    expect(sane.headers.get('x-request-id')).toBe('agent-7f3a9c01');
    const spaced = await call('/healthz', { headers: { 'x-request-id': 'has spaces and "quotes"' } });
    expect(spaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one access-log line per request', async () => {
    const response = await call('/healthz', { headers: { 'x-request-id': 'trace-0123456789' } });
    await response.arrayBuffer();
    const lines = service.logs.filter((line) => line.request_id === 'trace-0123456789' && line.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', path: '/healthz', status: 200, user_id: null });
    expect(typeof lines[0]!.ms).toBe('number');
  });
});
