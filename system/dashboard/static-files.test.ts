/**
 * The dashboard's files over real HTTP, from a small build of our own in a temp dir: no path gets
 * out of the build (encoded or not, through a symlink, dotfiles), pages fall back to index.html
 * and missing files are 404 problems, caching headers, ETag/304, gzip, HEAD, and the page's
 * security headers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Listening } from '../../http/index.js';
import { raw } from './test-fixtures/http-client.js';
import { startDashboardServer } from './server.js';

const SECRET = 'root:x:0:0:the secret outside the build';
const APP_JS = `export const app = ${JSON.stringify('x'.repeat(4000))};\n`;
const INDEX = '<!doctype html><html><head><title>Atlas</title></head><body><div id="app"></div></body></html>';
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

let dir: string;
let server: Listening;
let url: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-dashboard-static-'));
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dist, 'assets', 'app-3f9a1c.js'), APP_JS);
  fs.writeFileSync(path.join(dist, 'assets', 'logo-77aa01.png'), Buffer.alloc(2048, 7));
  fs.writeFileSync(path.join(dist, 'favicon.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(600)}</svg>`);
  fs.writeFileSync(path.join(dist, '.env'), SECRET);
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dist, 'assets', 'escape.js'));
  fs.symlinkSync(dir, path.join(dist, 'up'));
  server = await startDashboardServer({
    dist,
    upstreams: [],
    logger: createLogger({ name: 'test', level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
  });
  url = server.url;
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const expectProblem = (answer: Awaited<ReturnType<typeof raw>>, status: number) => {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.json()).toMatchObject({ status, type: expect.stringMatching(/^https:\/\/atlas\.dev\/problems\//) });
  expect(answer.text).not.toContain(SECRET);
};

describe('paths stay inside the build', () => {
  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/..%2f..%2fetc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/.%2e/.%2e/secret.txt',
    '/.env',
    '/assets/.%65nv',
    '/up/secret.txt',
    '/assets/escape.js',
  ])('%s is a 404 problem, as HTML or not', async (target) => {
    expectProblem(await raw(url, target), 404);
    expectProblem(await raw(url, target, { headers: HTML }), 404);
  });

  it.each(['/index.html%00.js', '/assets/app-3f9a1c.js%00', '/%E0%A4%A', '/%'])(
    '%s is a 400 problem',
    async (target) => {
      expectProblem(await raw(url, target, { headers: HTML }), 400);
    },
  );

  it('a request target that is not a path is refused', async () => {
    expectProblem(await raw(url, 'http://example.com/secret.txt'), 400);
  });
});

describe('pages and files', () => {
  it('a page of the app is index.html, so that a deep link works on reload', async () => {
    for (const target of ['/', '/organizations/7c0c/lab', '/login?next=%2Fme', '/audit/task/1/']) {
      const answer = await raw(url, target, { headers: HTML });
      expect(answer.status, target).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.text).toBe(INDEX);
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('a missing file is a 404 problem, even when HTML is accepted', async () => {
    for (const target of ['/assets/app-000000.js', '/assets/missing', '/robots.txt', '/favicon.ico'])
      expectProblem(await raw(url, target, { headers: HTML }), 404);
  });

  it('a path without an extension is a page only when asked for as HTML', async () => {
    expectProblem(await raw(url, '/organizations/x', { headers: { accept: 'application/json' } }), 404);
    expectProblem(await raw(url, '/organizations/x', { headers: { accept: '*/*' } }), 404);
  });

  it('files have their content type; hashed assets are immutable, the rest revalidated', async () => {
    const js = await raw(url, '/assets/app-3f9a1c.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.text).toBe(APP_JS);
    const png = await raw(url, '/assets/logo-77aa01.png');
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.body.length).toBe(2048);
    const svg = await raw(url, '/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.headers['cache-control']).toBe('no-cache');
    const index = await raw(url, '/index.html');
    expect(index.headers['cache-control']).toBe('no-cache');
  });

  it('only GET and HEAD: another method is a 405 problem with Allow', async () => {
    const answer = await raw(url, '/', { method: 'POST', body: '{}' });
    expectProblem(answer, 405);
    expect(answer.headers.allow).toBe('GET, HEAD');
  });

  it('HEAD answers the headers of GET without the body', async () => {
    const get = await raw(url, '/assets/app-3f9a1c.js');
    const head = await raw(url, '/assets/app-3f9a1c.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers.etag).toBe(get.headers.etag);
  });
});

describe('entity tags and gzip', () => {
  it('index.html has an ETag; the same tag back is a 304 without a body', async () => {
    const first = await raw(url, '/', { headers: HTML });
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await raw(url, '/organizations/x', { headers: { ...HTML, 'if-none-match': tag } });
      expect(again.status, tag).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe('no-cache');
    }
    expect((await raw(url, '/', { headers: { ...HTML, 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('JS and CSS are gzipped when the browser takes gzip, with their own tag and Vary', async () => {
    const zipped = await raw(url, '/assets/app-3f9a1c.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(zipped.body).toString()).toBe(APP_JS);
    expect(zipped.body.length).toBeLessThan(APP_JS.length);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);

    const plain = await raw(url, '/assets/app-3f9a1c.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.headers.etag).not.toBe(zipped.headers.etag);

    const refused = await raw(url, '/assets/app-3f9a1c.js', { headers: { 'accept-encoding': 'gzip;q=0, *' } });
    expect(refused.headers['content-encoding']).toBeUndefined();

    const revalidated = await raw(url, '/assets/app-3f9a1c.js', {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag! },
    });
    expect(revalidated.status).toBe(304);
  });

  it('images are not gzipped again, nor tiny files', async () => {
    const png = await raw(url, '/assets/logo-77aa01.png', { headers: { 'accept-encoding': 'gzip' } });
    expect(png.headers['content-encoding']).toBeUndefined();
    const index = await raw(url, '/', { headers: { ...HTML, 'accept-encoding': 'gzip' } });
    expect(index.headers['content-encoding']).toBeUndefined(); // 94 bytes: gzip would not pay
  });
});

describe('security headers', () => {
  it('the page carries the CSP, frame-ancestors none, nosniff and no referrer', async () => {
    const page = await raw(url, '/organizations/x/lab', { headers: HTML });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('every answer, a problem too, is nosniff and sends no referrer', async () => {
    for (const target of ['/assets/app-3f9a1c.js', '/assets/none.js', '/healthz']) {
      const answer = await raw(url, target);
      expect(answer.headers['x-content-type-options'], target).toBe('nosniff');
      expect(answer.headers['referrer-policy'], target).toBe('no-referrer');
    }
  });
});

it('without a build, a page is a 503 problem that says how to build', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-dashboard-empty-'));
  const bare = await startDashboardServer({
    dist: path.join(empty, 'dist'),
    upstreams: [],
    logger: createLogger({ name: 'test', level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
  });
  try {
    const answer = await raw(bare.url, '/', { headers: HTML });
    expectProblem(answer, 503);
    expect(answer.json().detail).toContain('npm run build:dashboard');
  } finally {
    await bare.close();
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
