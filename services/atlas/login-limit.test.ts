/**
 * Login throttling over real HTTP, with tight limits and the service's clock moved forward instead
 * of waiting: failed logins per username, every attempt per client address, each a 429 problem
 * with Retry-After.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, expectProblem, startAtlas, type Answer, type AtlasUnderTest } from './fixture.js';

const limits = { perUsername: 3, perAddress: 6, windowSeconds: 60 };

let atlas: AtlasUnderTest | undefined;
afterEach(async () => {
  await atlas?.close();
  atlas = undefined;
});

function expectThrottled(answer: Answer): number {
  const problem = expectProblem(answer, 429, 'rate-limited');
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(limits.windowSeconds);
  expect(problem).toMatchObject({ retry_after: retryAfter });
  return retryAfter;
}

describe('login rate limit', () => {
  it('per username: after too many failures even the right password waits, in any case of the name', async () => {
    atlas = await startAtlas({ loginLimits: limits });
    await atlas.register('alice');
    await atlas.register('bob');
    for (let i = 0; i < limits.perUsername; i += 1) expectProblem(await atlas.login('alice', 'wrong password'), 401, 'unauthorized');

    const before = await atlas.head();
    expectThrottled(await atlas.login('alice'));
    expectThrottled(await atlas.login('ALICE'));
    expect(await atlas.head(), 'a throttled login issues no refresh token').toBe(before);

    // The name is throttled, not the address: bob still gets in.
    expect((await atlas.login('bob')).status).toBe(200);

    atlas.advance(limits.windowSeconds + 1);
    expect((await atlas.login('alice')).status).toBe(200);
  });

  it('per username: a successful login clears the failures', async () => {
    atlas = await startAtlas({ loginLimits: limits });
    await atlas.register('alice');
    for (let i = 0; i < limits.perUsername - 1; i += 1) expect((await atlas.login('alice', 'wrong password')).status).toBe(401);
    expect((await atlas.login('alice')).status).toBe(200);
    expect((await atlas.login('alice', 'wrong password')).status).toBe(401);
    expect((await atlas.login('alice')).status).toBe(200);
  });

  it('per address: every attempt counts, across usernames, and X-Forwarded-For does not reset it', async () => {
    atlas = await startAtlas({ loginLimits: limits });
    await atlas.register('alice');
    for (let i = 0; i < limits.perAddress - 1; i += 1) expect((await atlas.login(`sprayed-${i}`, 'password1')).status).toBe(401);
    expect((await atlas.login('alice')).status).toBe(200);

    expectThrottled(await atlas.login('alice'));
    expectThrottled(await atlas.login('someone-else', 'password1'));
    const spoofed = await atlas.call('POST', '/api/v1/auth/login', {
      body: { username: 'alice', password: PASSWORD },
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expectThrottled(spoofed);

    atlas.advance(limits.windowSeconds + 1);
    expect((await atlas.login('alice')).status).toBe(200);
  });
});
