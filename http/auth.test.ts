/**
 * Forged tokens against a real JWKS over HTTP: a real ES256 key pair, a second Koa server serving
 * its JWKS, and the sample service verifying with koa-jwt + jwks-rsa. Then the same checks with the
 * in-process key source Atlas uses for itself.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userFromClaims } from './auth.js';
import { startSample, type RunningSample } from './fixtures/sample-service.js';
import { AUDIENCE, ISSUER, TokenIssuer } from './fixtures/token-issuer.js';
import { Problem } from './problem.js';

const issuer = new TokenIssuer();
const anotherEcKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
let overJwks: RunningSample;
let inProcess: RunningSample;

beforeAll(async () => {
  const jwksUrl = await issuer.serveJwks();
  overJwks = await startSample({ auth: { jwksUrl, issuer: ISSUER, audience: AUDIENCE } });
  inProcess = await startSample({
    auth: {
      keyForKid: async (kid) => (kid === issuer.kid ? issuer.publicKey : undefined),
      issuer: ISSUER,
      audience: AUDIENCE,
    },
  });
});
afterAll(async () => {
  await overJwks.close();
  await inProcess.close();
  await issuer.close();
});

const me = (service: RunningSample, token?: string) =>
  fetch(`${service.url}/api/v1/me`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

async function expectRefused(service: RunningSample, token: string | undefined, reason?: RegExp) {
  const response = await me(service, token);
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  const document = (await response.json()) as { type: string; detail: string; request_id: string };
  expect(document.type).toBe('https://atlas.dev/problems/unauthorized');
  // The client never learns why; the logs do.
  expect(document.detail).toBe('invalid or missing token');
  const logged = service.logs.find((line) => line.request_id === document.request_id && (line.reason || line.internal));
  expect(logged, 'the refusal reason is logged').toBeDefined();
  if (reason) expect(String(logged!.reason ?? logged!.internal)).toMatch(reason);
}

const forgeries: [string, () => string | undefined, RegExp?][] = [
  ['no token', () => undefined, /token not found/i],
  ['alg none', () => issuer.unsigned(), /algorithm none/],
  ['HS256 keyed with the public key PEM', () => issuer.hmacWithPublicKey(), /algorithm HS256/],
  ['expired', () => issuer.sign({ exp: Math.floor(Date.now() / 1000) - 120 }), /expired/],
  ['wrong issuer', () => issuer.sign({ iss: 'evil' }), /issuer/],
  ['wrong audience', () => issuer.sign({ aud: 'another-service' }), /audience/],
  ['unknown kid', () => issuer.sign({}, { kid: 'nobody-knows-me', key: anotherEcKey }), /nobody-knows-me/],
  ['known kid, signed by another EC key', () => issuer.sign({}, { key: anotherEcKey }), /signature/],
  ['tampered payload, original signature', () => issuer.tampered({ sub: '1' }), /signature/],
  ['RS256 signed by another key', () => issuer.rs256FromAnotherKey(), /algorithm RS256/],
  ['sub not an integer', () => issuer.sign({ sub: 'ada' }), /sub/],
  ['sub zero', () => issuer.sign({ sub: '0' }), /sub/],
  ['sub negative', () => issuer.sign({ sub: '-3' }), /sub/],
  ['sub as a JSON number', () => issuer.sign({ sub: 42 }), /sub/],
  ['no sub', () => issuer.sign({ sub: undefined }), /sub/],
  ['no exp', () => issuer.sign({ exp: undefined }), /exp/],
  ['not a JWT', () => 'not.a.jwt', /invalid token/i],
];

describe('Atlas tokens verified against a JWKS over HTTP', () => {
  it('a valid token passes and names the user', async () => {
    const response = await me(overJwks, issuer.sign({ sub: '42', username: 'ada' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user_id: 42, username: 'ada' });
  });

  it.each(forgeries)('401 for %s', async (_name, token, reason) => {
    await expectRefused(overJwks, token(), reason);
  });

  it('a malformed Authorization header is a 401 problem', async () => {
    const response = await fetch(`${overJwks.url}/api/v1/me`, { headers: { authorization: 'Basic YWRhOnB3' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('keeps the JWKS in cache instead of fetching it for every request', async () => {
    const before = issuer.jwksHits;
    for (let i = 0; i < 5; i += 1) expect((await me(overJwks, issuer.sign())).status).toBe(200);
    expect(before).toBeGreaterThan(0);
    expect(issuer.jwksHits).toBe(before);
  });

  it('puts the verified user id on the access-log line', async () => {
    const response = await me(overJwks, issuer.sign({ sub: '77' }));
    const requestId = response.headers.get('x-request-id');
    const line = overJwks.logs.find((l) => l.request_id === requestId && l.msg === 'request');
    expect(line).toMatchObject({ status: 200, user_id: 77 });
  });

  it('checks auth before validation', async () => {
    const response = await fetch(`${overJwks.url}/api/v1/labs/not-a-uuid`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unknown: 1 }),
    });
    expect(response.status).toBe(401);
  });
});

describe('tokens verified once', () => {
  it('pass again from memory, while the same token with one character changed is verified and refused', async () => {
    const token = issuer.sign({ sub: '5', username: 'lin' });
    for (let i = 0; i < 3; i += 1) expect((await me(inProcess, token)).status).toBe(200);
    const [header, payload, signature] = token.split('.');
    const flipped = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.at(-2) === 'A' ? 'B' : 'A'}${signature!.at(-1)}`;
    await expectRefused(inProcess, flipped, /signature/);
    const otherClaims = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: '6' })).toString('base64url')}.${signature}`;
    await expectRefused(inProcess, otherClaims, /signature/);
    expect(await (await me(inProcess, token)).json()).toEqual({ user_id: 5, username: 'lin' });
  });
});

describe('Atlas tokens verified with an in-process key source', () => {
  it('a valid token passes', async () => {
    const response = await me(inProcess, issuer.sign({ sub: '9', username: 'grace' }));
    expect(await response.json()).toEqual({ user_id: 9, username: 'grace' });
  });

  it.each(forgeries)('401 for %s', async (_name, token, reason) => {
    await expectRefused(inProcess, token(), reason);
  });
});

describe('userFromClaims', () => {
  it('reads the user id, username and scopes', () => {
    expect(userFromClaims({ sub: '12', username: 'lin', scope: 'read write', exp: 1 })).toEqual({
      user_id: 12,
      username: 'lin',
      scope: ['read', 'write'],
    });
  });

  it.each(['', '01', '1e3', '9007199254740993', ' 5', '5.0'])('refuses sub %j', (sub) => {
    expect(() => userFromClaims({ sub, exp: 1 })).toThrow(Problem);
  });
});
