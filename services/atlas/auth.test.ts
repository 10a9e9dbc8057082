/**
 * Registration, login, tokens and refresh over real HTTP: access tokens checked against the
 * public JWKS the way a partner checks them, refresh-token rotation and reuse detection, logout.
 */
import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  REFRESH_TTL_SECONDS,
  TOKENS,
  expectProblem,
  pointersOf,
  startAtlas,
  type AtlasUnderTest,
  type SignedUp,
} from './fixture.js';

let atlas: AtlasUnderTest;
let alice: SignedUp;
beforeAll(async () => {
  atlas = await startAtlas();
  alice = await atlas.signUp('alice');
});
afterAll(async () => {
  await atlas.close();
});

/** Verifies an access token as a partner would: only with what `/.well-known/jwks.json` publishes. */
async function verifyWithJwks(token: string) {
  const jwks = await atlas.call('GET', '/.well-known/jwks.json');
  expect(jwks.status).toBe(200);
  const header = jwt.decode(token, { complete: true })!.header;
  const jwk = (jwks.body.keys as { kid: string }[]).find((k) => k.kid === header.kid);
  expect(jwk, 'the token names a published key').toBeDefined();
  const key = createPublicKey({ key: jwk as never, format: 'jwk' });
  const claims = jwt.verify(token, key, {
    algorithms: ['ES256'],
    issuer: TOKENS.issuer,
    audience: TOKENS.audience,
  }) as jwt.JwtPayload;
  return { header, claims };
}

const refresh = (refresh_token: string) => atlas.call('POST', '/api/v1/auth/refresh', { body: { refresh_token } });

describe('register', () => {
  it('answers 201 with an integer id and the personal organization, with the user as its owner', async () => {
    const answer = await atlas.call('POST', '/api/v1/auth/register', {
      body: { username: 'bob_1', email: 'Bob@Example.com', password: PASSWORD },
    });
    expect(answer.status).toBe(201);
    const { id, organization } = answer.body;
    expect(Number.isInteger(id) && id > 0).toBe(true);
    expect(answer.body).toMatchObject({
      username: 'bob_1',
      email: 'bob@example.com',
      personal_organization_id: organization.id,
    });
    expect(organization).toMatchObject({
      name: "bob_1's Organization",
      owner_id: id,
      personal: true,
      members: [{ user_id: id, username: 'bob_1', role: 'owner' }],
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/password|scrypt/);
  });

  it('gives every user a distinct integer id', async () => {
    const carol = await atlas.register('carol');
    expect(carol.id).not.toBe(alice.id);
    expect(Number.isInteger(carol.id)).toBe(true);
  });

  it('refuses a taken username (in any case) or email with 409 and appends nothing', async () => {
    const before = await atlas.head();
    const byName = await atlas.call('POST', '/api/v1/auth/register', {
      body: { username: 'ALICE', email: 'other@example.com', password: PASSWORD },
    });
    expectProblem(byName, 409, 'conflict');
    const byEmail = await atlas.call('POST', '/api/v1/auth/register', {
      body: { username: 'alice2', email: 'ALICE@example.com', password: PASSWORD },
    });
    expectProblem(byEmail, 409, 'conflict');
    expect(await atlas.head()).toBe(before);
  });

  it('points at each invalid field and appends nothing', async () => {
    const before = await atlas.head();
    const answer = await atlas.call('POST', '/api/v1/auth/register', {
      body: { username: 'x', email: 'not-an-email', password: 'short' },
    });
    expect(pointersOf(answer)).toEqual(['/body/email', '/body/password', '/body/username']);
    expect(await atlas.head()).toBe(before);
  });
});

describe('login', () => {
  it('answers tokens; the access token verifies with the public JWKS (ES256, kid, iss, aud, sub, 15 minutes)', async () => {
    const answer = await atlas.login('Alice');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const { header, claims } = await verifyWithJwks(answer.body.access_token);
    expect(header.alg).toBe('ES256');
    expect(header.kid).toBe(atlas.key.kid);
    expect(claims).toMatchObject({ iss: 'atlas', aud: 'atlas-services', sub: String(alice.id), username: 'alice' });
    expect(claims.exp! - claims.iat!).toBe(900);
  });

  it('publishes only the public half of the key', async () => {
    const { keys } = (await atlas.call('GET', '/.well-known/jwks.json')).body;
    expect(keys).toEqual([
      {
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: atlas.key.kid,
        alg: 'ES256',
        use: 'sig',
      },
    ]);
  });

  it('refuses a wrong password and an unknown user alike, with 401', async () => {
    const wrong = expectProblem(await atlas.login('alice', 'not the password'), 401, 'unauthorized');
    const unknown = expectProblem(await atlas.login('nobody-at-all', PASSWORD), 401, 'unauthorized');
    expect(unknown.detail).toBe(wrong.detail);
  });

  it('lets the access token reach /me, which answers the user without secrets', async () => {
    const me = await atlas.call('GET', '/api/v1/me', { token: alice.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: alice.id,
      username: 'alice',
      email: 'alice@example.com',
      personal_organization_id: alice.organization_id,
      registered_at: expect.any(String),
    });
    const organization = await atlas.call('GET', `/api/v1/organizations/${alice.organization_id}`, {
      token: alice.token,
    });
    expect(organization.body).toMatchObject({ owner_id: alice.id, members: [{ user_id: alice.id, role: 'owner' }] });
  });
});

describe('refresh', () => {
  it('rotates: the new tokens work, the old refresh token is refused', async () => {
    const first = (await atlas.login('alice')).body.refresh_token as string;
    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(first);
    const { claims } = await verifyWithJwks(rotated.body.access_token);
    expect(claims.sub).toBe(String(alice.id));
    expect((await refresh(rotated.body.refresh_token)).status).toBe(200);
    expectProblem(await refresh(first), 401, 'unauthorized');
  });

  it('revokes the whole family when a rotated token comes back: the newest token is refused too', async () => {
    const first = (await atlas.login('alice')).body.refresh_token as string;
    const second = (await refresh(first)).body.refresh_token as string;
    expectProblem(await refresh(first), 401, 'unauthorized');
    expectProblem(await refresh(second), 401, 'unauthorized');
    // Another login's family is untouched.
    const other = (await atlas.login('alice')).body.refresh_token as string;
    expect((await refresh(other)).status).toBe(200);
  });

  it('refuses an expired refresh token', async () => {
    const token = (await atlas.login('alice')).body.refresh_token as string;
    atlas.advance(REFRESH_TTL_SECONDS + 1);
    expectProblem(await refresh(token), 401, 'unauthorized');
  });

  it('refuses tokens that were never issued, appending nothing', async () => {
    const before = await atlas.head();
    const [familyId] = alice.refresh_token.split('.');
    for (const token of [
      'garbage',
      `${familyId}.${'A'.repeat(43)}`,
      `00000000-0000-4000-8000-000000000000.${'A'.repeat(43)}`,
    ]) {
      expectProblem(await refresh(token), 401, 'unauthorized');
    }
    expect(await atlas.head()).toBe(before);
  });
});

describe('logout', () => {
  it('revokes the refresh token and its family', async () => {
    const first = (await atlas.login('alice')).body.refresh_token as string;
    const second = (await refresh(first)).body.refresh_token as string;
    const out = await atlas.call('POST', '/api/v1/auth/logout', { body: { refresh_token: second } });
    expect(out.status).toBe(204);
    expectProblem(await refresh(second), 401, 'unauthorized');
  });

  it('accepts an unknown token silently', async () => {
    expect((await atlas.call('POST', '/api/v1/auth/logout', { body: { refresh_token: 'never-issued' } })).status).toBe(
      204,
    );
  });
});
