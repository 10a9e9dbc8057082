/**
 * Login throttling over real HTTP, through the Atlas service, with the default limits and the
 * service's clock moved forward instead of waiting. The clients really connect from different
 * loopback addresses (127.0.0.2, 127.0.0.3, …: the socket's local address), so the service sees
 * them as `ctx.ip` the way it sees any client; X-Forwarded-For is not trusted. The rules at their
 * boundaries: login-limit.rules.test.ts.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, expectProblem, startAtlas, type Answer, type AtlasUnderTest } from './fixture.js';
import { defaultLoginLimits as D, usernameDelayMs } from './login-limit.js';

const A = '127.0.0.2';
const B = '127.0.0.3';
const HOME = '127.0.0.4';

let atlas: AtlasUnderTest | undefined;
afterEach(async () => {
  await atlas?.close();
  atlas = undefined;
});

/** POST /api/v1/auth/login from a given local address. */
function loginFrom(
  from: string,
  username: string,
  password = PASSWORD,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL('/api/v1/auth/login', atlas!.url),
      {
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('error', reject);
        response.on('end', () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const isJson = /json/.test(answerHeaders.get('content-type') ?? '');
          resolve({
            status: response.statusCode!,
            headers: answerHeaders,
            body: isJson && text !== '' ? JSON.parse(text) : text,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A 429 problem with a whole Retry-After, the same in the document; returns it. */
function expectThrottled(answer: Answer): number {
  const problem = expectProblem(answer, 429, 'rate-limited');
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(problem).toMatchObject({ retry_after: retryAfter });
  return retryAfter;
}

const wrong = (answer: Answer) => expectProblem(answer, 401, 'unauthorized');

describe('login rate limit over HTTP', () => {
  it('issue 8, first case: 10 wrong passwords from A lock alice out at A only; from B the right password works after the username delay, at once from where she logged in before', async () => {
    atlas = await startAtlas();
    await atlas.register('alice');
    expect((await loginFrom(HOME, 'alice')).status).toBe(200); // alice's usual address, before the attack

    // The attacker at A: 5 failures at once, then each after the growing delay (1, 2, 4, 8, 16 s).
    for (let failures = 0; failures < D.pair.failures; failures += 1) {
      atlas.advance(usernameDelayMs(D.username, failures) / 1000);
      wrong(await loginFrom(A, 'alice', 'wrong password'));
    }
    const before = await atlas.head();
    expect(expectThrottled(await loginFrom(A, 'alice'))).toBeGreaterThan(D.pair.lockSeconds - 10);
    expect(expectThrottled(await loginFrom(A, 'ALICE')), 'the username in any case').toBeGreaterThan(
      D.pair.lockSeconds - 10,
    );
    expect(await atlas.head(), 'a throttled login issues no refresh token').toBe(before);

    // From her usual address, alice is not held back at all.
    expect((await loginFrom(HOME, 'alice')).status).toBe(200);
    // From an address she never used, her right password waits out the username delay after 10
    // failures (32 s), and then works; A stays locked.
    const delay = expectThrottled(await loginFrom(B, 'alice'));
    expect(delay, 'the wait after 10 failures, less the real time since the 10th').toBeLessThanOrEqual(
      usernameDelayMs(D.username, 10) / 1000,
    );
    expect(delay).toBeGreaterThan(usernameDelayMs(D.username, 10) / 1000 - 5);
    atlas.advance(usernameDelayMs(D.username, 10) / 1000);
    expect((await loginFrom(B, 'alice')).status).toBe(200);
    expectThrottled(await loginFrom(A, 'alice'));

    // The lock at A ends 15 minutes after the 10th failure.
    atlas.advance(D.pair.lockSeconds);
    expect((await loginFrom(A, 'alice')).status).toBe(200);
  });

  it('issue 8, second case: 100 failures from A for other usernames block A for 15 minutes, also for carol who never failed; successes from A do not count; B is not blocked', async () => {
    atlas = await startAtlas();
    await atlas.register('carol');
    await atlas.register('dave');

    for (let i = 0; i < D.address.failures - 1; i += 1) wrong(await loginFrom(A, `sprayed-${i}`, 'password1'));
    // Logins that succeed, from the same address, do not bring the block nearer.
    for (let i = 0; i < 20; i += 1) expect((await loginFrom(A, 'dave')).status).toBe(200);
    expect((await loginFrom(A, 'carol')).status).toBe(200);

    wrong(await loginFrom(A, `sprayed-${D.address.failures - 1}`, 'password1'));
    expect(
      expectThrottled(await loginFrom(A, 'carol')),
      'carol never failed, but the block must not tell right from wrong',
    ).toBeGreaterThan(D.address.lockSeconds - 10);
    expectThrottled(await loginFrom(A, 'sprayed-0', 'password2'));
    // X-Forwarded-For is not trusted: the block is on the socket's address.
    expectThrottled(await loginFrom(A, 'carol', PASSWORD, { 'x-forwarded-for': '203.0.113.7' }));
    expect((await loginFrom(B, 'carol')).status).toBe(200);

    atlas.advance(D.address.lockSeconds);
    expect((await loginFrom(A, 'carol')).status).toBe(200);
  });

  it('concurrent wrong passwords cannot overrun the limits while their passwords are being checked', async () => {
    atlas = await startAtlas();
    await atlas.register('alice');
    const answers = await Promise.all(Array.from({ length: 30 }, () => loginFrom(A, 'alice', 'wrong password')));
    const checked = answers.filter((answer) => answer.status === 401).length;
    for (const answer of answers.filter((a) => a.status !== 401)) expectThrottled(answer);
    // 5 are free; the next must wait a second after the 5th failure (real time passes in the
    // fixture's clock, so on a very slow machine one or two more may get through), and the pair
    // lock stops everything at 10 whatever the timing.
    expect(checked).toBeGreaterThanOrEqual(D.username.freeFailures);
    expect(checked).toBeLessThanOrEqual(D.pair.failures);
  });
});
