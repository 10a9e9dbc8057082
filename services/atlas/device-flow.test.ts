/**
 * The device authorization grant (RFC 8628) over real HTTP, as the agent and the dashboard use it:
 * a device asks for codes, a signed-in user looks the user code up and approves or denies it, the
 * device polls until it gets tokens (once). Expiry and poll pacing move the service's clock; no
 * assertion depends on how long anything takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAtlas, expectProblem, pointersOf, type Answer, type AtlasUnderTest, type SignedUp } from './fixture.js';

const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;
const roomy = {
  issue: { count: 1000, windowSeconds: 60 },
  wrongCodes: { count: 1000, windowSeconds: 600 },
  maxEntries: 1000,
};

let atlas: AtlasUnderTest;
let alice: SignedUp;
let bob: SignedUp;
beforeAll(async () => {
  atlas = await startAtlas({ deviceFlow: { dashboardUrl: 'http://dashboard.test/' }, deviceLimits: roomy });
  alice = await atlas.signUp('alice');
  bob = await atlas.signUp('bob');
});
afterAll(async () => {
  await atlas?.close();
});

interface Codes {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

async function issue(on: AtlasUnderTest = atlas, body: unknown = {}): Promise<Codes> {
  const answer = await on.call('POST', '/api/v1/auth/device/code', { body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Codes;
}
const poll = (device_code: string, on: AtlasUnderTest = atlas) =>
  on.call('POST', '/api/v1/auth/device/token', { body: { device_code } });
const approve = (user_code: string, who: SignedUp, on: AtlasUnderTest = atlas) =>
  on.call('POST', '/api/v1/auth/device/approve', { body: { user_code }, token: who.token });
const deny = (user_code: string, who: SignedUp, on: AtlasUnderTest = atlas) =>
  on.call('POST', '/api/v1/auth/device/deny', { body: { user_code }, token: who.token });
const lookUp = (user_code: string, who: SignedUp, on: AtlasUnderTest = atlas) =>
  on.call('GET', `/api/v1/auth/device?user_code=${encodeURIComponent(user_code)}`, { token: who.token });

/** A refused poll: a 400 problem of that kind, carrying the RFC 8628 `error`, not to be cached. */
function expectTokenError(answer: Answer, error: string) {
  const kind = error.replaceAll('_', '-');
  const document = expectProblem(answer, 400, kind);
  expect(answer.body.error).toBe(error);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  return document;
}

const eventsOf = async (stream: string, on: AtlasUnderTest = atlas) => on.store.readStream(stream);
const deviceIdOf = (device_code: string) => device_code.split('.')[0]!;

describe('POST /api/v1/auth/device/code', () => {
  it('answers a device code, a user code of 8 consonants, where to approve, the expiry and the interval; not to be cached', async () => {
    const answer = await atlas.call('POST', '/api/v1/auth/device/code', {
      body: { client_name: 'atlas-agent on alice-laptop' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const codes = answer.body as Codes;
    expect(codes).toEqual({
      device_code: expect.stringMatching(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/),
      user_code: expect.stringMatching(USER_CODE),
      verification_uri: 'http://dashboard.test/get-token',
      verification_uri_complete: `http://dashboard.test/get-token?user_code=${codes.user_code}`,
      expires_in: 600,
      interval: 5,
    });
  });

  it('takes an empty object, no body at all, or a client name; refuses anything else', async () => {
    await issue(atlas, {});
    const bare = await atlas.call('POST', '/api/v1/auth/device/code');
    expect(bare.status, JSON.stringify(bare.body)).toBe(200);
    const before = await atlas.head();
    expect(pointersOf(await atlas.call('POST', '/api/v1/auth/device/code', { body: { scope: 'all' } }))).toEqual([
      '/body/scope',
    ]);
    for (const client_name of ['', 'x'.repeat(101), 'evil\u202Etxt.exe']) {
      expect(pointersOf(await atlas.call('POST', '/api/v1/auth/device/code', { body: { client_name } }))).toEqual([
        '/body/client_name',
      ]);
    }
    expect(await atlas.head()).toBe(before);
  });

  it('draws user codes from the whole alphabet, each one different', async () => {
    const codes = await Promise.all(Array.from({ length: 20 }, () => issue()));
    const userCodes = codes.map((c) => c.user_code);
    expect(new Set(userCodes).size).toBe(userCodes.length);
    for (const code of userCodes) expect(code).toMatch(USER_CODE);
  });

  it('stores the request as events: the hash of the secret, never the secret; the user code in a stream of its own', async () => {
    const codes = await issue(atlas, { client_name: 'mcp' });
    const [device_id, secret] = codes.device_code.split('.') as [string, string];
    const [requested] = await eventsOf(`atlas-device-authorization-${device_id}`);
    expect(requested).toMatchObject({
      type: 'atlas.DeviceAuthorizationRequested',
      data: {
        device_id,
        user_code: codes.user_code.replace('-', ''),
        client_name: 'mcp',
        secret_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        interval_seconds: 5,
      },
    });
    expect(JSON.stringify(requested)).not.toContain(secret);
    const [reserved] = await eventsOf(`atlas-device-user-code-${codes.user_code.replace('-', '')}`);
    expect(reserved).toMatchObject({ type: 'atlas.DeviceUserCodeReserved', data: { device_id } });
  });
});

describe('POST /api/v1/auth/device/token', () => {
  it('answers authorization_pending until the user decides', async () => {
    const codes = await issue();
    const document = expectTokenError(await poll(codes.device_code), 'authorization_pending');
    expect(document.type).toBe('https://atlas.dev/problems/authorization-pending');
  });

  it('answers slow_down to a poll sooner than the interval, and then holds the code to an interval 5 s longer', async () => {
    const codes = await issue();
    expectTokenError(await poll(codes.device_code), 'authorization_pending');
    expectTokenError(await poll(codes.device_code), 'slow_down'); // the interval is now 10 s
    atlas.advance(codes.interval);
    expectTokenError(await poll(codes.device_code), 'slow_down'); // 5 s is not enough any more: now 15 s
    atlas.advance(15);
    expectTokenError(await poll(codes.device_code), 'authorization_pending');
    // Another code keeps its own pace.
    const other = await issue();
    expectTokenError(await poll(other.device_code), 'authorization_pending');
  });

  it('answers tokens for the approving user once approved; they work on /me and refresh; a second exchange is invalid_grant', async () => {
    const codes = await issue(atlas, { client_name: 'atlas-agent on alice-laptop' });
    const approved = await approve(codes.user_code, alice);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toEqual({
      user_code: codes.user_code,
      status: 'approved',
      client_name: 'atlas-agent on alice-laptop',
      expires_at: expect.any(String),
    });

    const tokens = await poll(codes.device_code);
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    expect(tokens.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.any(String),
    });
    const me = await atlas.call('GET', '/api/v1/me', { token: tokens.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: alice.id, username: 'alice' });
    const refreshed = await atlas.call('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: tokens.body.refresh_token },
    });
    expect(refreshed.status).toBe(200);

    expectTokenError(await poll(codes.device_code), 'invalid_grant');
    const events = await eventsOf(`atlas-device-authorization-${deviceIdOf(codes.device_code)}`);
    expect(events.map((e) => e.type)).toEqual([
      'atlas.DeviceAuthorizationRequested',
      'atlas.DeviceAuthorizationApproved',
      'atlas.DeviceAuthorizationRedeemed',
    ]);
    expect(events[1]!.data).toMatchObject({ user_id: alice.id });
    const family = (events[2]!.data as { refresh_family_id: string }).refresh_family_id;
    expect(tokens.body.refresh_token.startsWith(`${family}.`)).toBe(true);
  });

  it('gives tokens to one of two polls racing with an approved code, invalid_grant to the other', async () => {
    const codes = await issue();
    expect((await approve(codes.user_code, alice)).status).toBe(200);
    const answers = await Promise.all([poll(codes.device_code), poll(codes.device_code)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expectTokenError(
      answers.find((a) => a.status === 400)!,
      'invalid_grant',
    );
  });

  it('answers access_denied once the user denied', async () => {
    const codes = await issue();
    const denied = await deny(codes.user_code, alice);
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ user_code: codes.user_code, status: 'denied', client_name: null });
    expectTokenError(await poll(codes.device_code), 'access_denied');
    expectTokenError(await poll(codes.device_code), 'access_denied');
  });

  it('answers expired_token once the code has expired, also when it was approved', async () => {
    const pending = await issue();
    const approved = await issue();
    expect((await approve(approved.user_code, alice)).status).toBe(200);
    atlas.advance(pending.expires_in);
    expectTokenError(await poll(pending.device_code), 'expired_token');
    expectTokenError(await poll(approved.device_code), 'expired_token');
    // The page no longer finds it, so nobody can approve it late.
    expectProblem(await approve(pending.user_code, alice), 404, 'not-found');
    expectProblem(await lookUp(pending.user_code, alice), 404, 'not-found');
  });

  it('answers invalid_grant to device codes it never issued, and appends nothing', async () => {
    const codes = await issue();
    const before = await atlas.head();
    for (const device_code of [
      'garbage',
      `${deviceIdOf(codes.device_code)}.${'A'.repeat(43)}`,
      `00000000-0000-4000-8000-000000000000.${'A'.repeat(43)}`,
    ]) {
      expectTokenError(await poll(device_code), 'invalid_grant');
    }
    expect(pointersOf(await atlas.call('POST', '/api/v1/auth/device/token', { body: {} }))).toEqual([
      '/body/device_code',
    ]);
    expect(await atlas.head()).toBe(before);
  });
});

describe('the approval routes', () => {
  it('show what is being approved, by user code in any case, with or without the dash', async () => {
    const codes = await issue(atlas, { client_name: 'atlas-agent on alice-laptop' });
    const bare = codes.user_code.replace('-', '');
    for (const typed of [codes.user_code, bare.toLowerCase(), ` ${bare.slice(0, 4)} ${bare.slice(4).toLowerCase()} `]) {
      const shown = await lookUp(typed, alice);
      expect(shown.status, typed).toBe(200);
      expect(shown.body).toEqual({
        user_code: codes.user_code,
        status: 'pending',
        client_name: 'atlas-agent on alice-laptop',
        created_at: expect.any(String),
        expires_at: expect.any(String),
      });
      expect(Date.parse(shown.body.expires_at) - Date.parse(shown.body.created_at)).toBe(600_000);
    }
    const approved = await approve(bare.toLowerCase(), alice);
    expect(approved.body).toMatchObject({ user_code: codes.user_code, status: 'approved' });
    expect((await lookUp(bare, alice)).body.status).toBe('approved');
    expect((await poll(codes.device_code)).status).toBe(200);
    expect((await lookUp(bare, bob)).body.status).toBe('redeemed');
  });

  it('refuse a code that is not 8 letters of the alphabet with 400, and an unknown one with 404', async () => {
    for (const typed of ['WDJB-MJH', 'AEIO-UAEI', 'WDJB_MJHT', 'WDJB-MJHTX']) {
      expect(pointersOf(await approve(typed, alice))).toEqual(['/body/user_code']);
    }
    expect(pointersOf(await atlas.call('GET', '/api/v1/auth/device', { token: alice.token }))).toEqual([
      '/query/user_code',
    ]);
    const unknown = 'ZZZZ-ZZZZ';
    expectProblem(await approve(unknown, alice), 404, 'not-found');
    expectProblem(await deny(unknown, alice), 404, 'not-found');
    expectProblem(await lookUp(unknown, alice), 404, 'not-found');
  });

  it('take the same decision again by the same user as a 200, and refuse any other with 409', async () => {
    const codes = await issue();
    expect((await approve(codes.user_code, alice)).status).toBe(200);
    const again = await approve(codes.user_code, alice);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('approved');
    expectProblem(await approve(codes.user_code, bob), 409, 'conflict');
    expectProblem(await deny(codes.user_code, alice), 409, 'conflict');
    const events = await eventsOf(`atlas-device-authorization-${deviceIdOf(codes.device_code)}`);
    expect(events.map((e) => e.type)).toEqual([
      'atlas.DeviceAuthorizationRequested',
      'atlas.DeviceAuthorizationApproved',
    ]);

    const denied = await issue();
    expect((await deny(denied.user_code, bob)).status).toBe(200);
    expect((await deny(denied.user_code, bob)).status).toBe(200);
    expectProblem(await approve(denied.user_code, bob), 409, 'conflict');

    expect((await poll(codes.device_code)).status).toBe(200);
    expectProblem(await approve(codes.user_code, alice), 409, 'conflict');
  });

  it('need a signed-in user: 401 without a token', async () => {
    const codes = await issue();
    const before = await atlas.head();
    for (const answer of [
      await atlas.call('POST', '/api/v1/auth/device/approve', { body: { user_code: codes.user_code } }),
      await atlas.call('POST', '/api/v1/auth/device/deny', { body: { user_code: codes.user_code } }),
      await atlas.call('GET', `/api/v1/auth/device?user_code=${codes.user_code}`),
      await atlas.call('POST', '/api/v1/auth/device/approve', {
        body: { user_code: codes.user_code },
        token: 'not-a-token',
      }),
    ]) {
      expectProblem(answer, 401, 'unauthorized');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect(await atlas.head()).toBe(before);
    expectTokenError(await poll(codes.device_code), 'authorization_pending');
  });
});

describe('limits', () => {
  let limited: AtlasUnderTest;
  let carol: SignedUp;
  let dave: SignedUp;
  beforeAll(async () => {
    limited = await startAtlas({
      deviceLimits: {
        issue: { count: 3, windowSeconds: 60 },
        wrongCodes: { count: 3, windowSeconds: 600 },
        maxEntries: 100,
      },
    });
    carol = await limited.signUp('carol');
    dave = await limited.signUp('dave');
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('refuse a fourth device code from one address within the minute with 429 and Retry-After', async () => {
    const codes = [await issue(limited), await issue(limited), await issue(limited)];
    const refused = await limited.call('POST', '/api/v1/auth/device/code', { body: {} });
    const document = expectProblem(refused, 429, 'rate-limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((document as { retry_after?: number }).retry_after).toBe(retryAfter);
    limited.advance(retryAfter);
    await issue(limited);
    // The codes issued before still work.
    expectTokenError(await poll(codes[0]!.device_code, limited), 'authorization_pending');
  });

  it('refuse a user after 3 unknown user codes with 429, even with the right code; right codes do not count', async () => {
    limited.advance(60);
    const codes = await issue(limited);
    for (let i = 0; i < 5; i += 1) expect((await lookUp(codes.user_code, carol, limited)).status).toBe(200);
    for (const wrong of ['BBBB-BBBB', 'CCCC-CCCC'])
      expectProblem(await lookUp(wrong, carol, limited), 404, 'not-found');
    expectProblem(await approve('DDDD-DDDD', carol, limited), 404, 'not-found');
    for (const answer of [
      await lookUp(codes.user_code, carol, limited),
      await approve(codes.user_code, carol, limited),
    ]) {
      expectProblem(answer, 429, 'rate-limited');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another user is not held back, and the code is still pending.
    expect((await approve(codes.user_code, dave, limited)).status).toBe(200);
    expect((await lookUp(codes.user_code, dave, limited)).body.status).toBe('approved');
    // Once the window has passed, carol may try again (the code itself has expired by then).
    limited.advance(600);
    expectProblem(await lookUp(codes.user_code, carol, limited), 404, 'not-found');
  });
});

describe('a restart', () => {
  it('still finds a pending code by its user code, and the device can finish', async () => {
    let service = await startAtlas({ deviceLimits: roomy });
    try {
      const erin = await service.signUp('erin');
      const codes = await issue(service, { client_name: 'atlas-agent on erin-laptop' });
      service = await service.restart();
      const shown = await lookUp(codes.user_code.toLowerCase(), erin, service);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ status: 'pending', client_name: 'atlas-agent on erin-laptop' });
      expect((await approve(codes.user_code, erin, service)).status).toBe(200);
      const tokens = await poll(codes.device_code, service);
      expect(tokens.status).toBe(200);
      expect((await service.call('GET', '/api/v1/me', { token: tokens.body.access_token })).body.username).toBe('erin');
    } finally {
      await service.close();
    }
  });
});
