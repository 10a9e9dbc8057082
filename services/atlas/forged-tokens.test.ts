/**
 * Forged and broken access tokens get a 401 problem on EVERY route that requires a token, in the
 * real system. The routes are read from Atlas's own /openapi.json, with real ids in their paths
 * and bodies that would succeed, so a new route is covered as soon as it exists and a token check
 * that let anything through would show up as a write in the event store.
 */
import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { loadOrCreateSigningKey, type SigningKey } from '../../write/atlas/auth/signing-key.js';
import { PASSWORD, expectProblem, fillPath, operationsOf, request, type Ids, type Operation } from './fixture.js';
import { atlasService } from './index.js';

let system: TestSystem;
let atlas: string;
let key: SigningKey;
let token: string;
let ids: Ids;
let victimId: number;
let protectedRoutes: Operation[];

beforeAll(async () => {
  // Atlas's own read models serve its list routes, which are protected too.
  system = await startTestSystem({ projections: atlasProjections, modules: [atlasService] });
  atlas = system.urls.atlas!;
  // The very key Atlas signs with: forgeries below that use it differ from real tokens only in claims.
  key = loadOrCreateSigningKey(system.dataDir);
  const registered = await request(atlas, 'POST', '/api/v1/auth/register', {
    body: { username: 'mallory', email: 'mallory@example.com', password: PASSWORD },
  });
  const other = await request(atlas, 'POST', '/api/v1/auth/register', {
    body: { username: 'victim', email: 'victim@example.com', password: PASSWORD },
  });
  expect([registered.status, other.status]).toEqual([201, 201]);
  token = (await request(atlas, 'POST', '/api/v1/auth/login', { body: { username: 'mallory', password: PASSWORD } }))
    .body.access_token;
  const as = (method: string, path: string, body?: unknown) =>
    request(atlas, method, path, { token, ...(body === undefined ? {} : { body }) });
  const organization = (await as('POST', '/api/v1/organizations', { name: 'Acme' })).body.id;
  const project = (await as('POST', `/api/v1/organizations/${organization}/projects`, { name: 'Rocket' })).body.id;
  const task = (await as('POST', `/api/v1/projects/${project}/tasks`, { title: 'Fuel' })).body.id;
  ids = { organization, project, task, user: registered.body.id };
  victimId = other.body.id;
  protectedRoutes = (await operationsOf(atlas)).filter((o) => o.requiresToken);
});
afterAll(async () => {
  await system?.stop();
});

/** Bodies that the route would accept, so that only the token stands between the request and a write. */
const validBodies: Record<string, () => unknown> = {
  'POST /api/v1/organizations': () => ({ name: 'Forged Inc' }),
  'PATCH /api/v1/organizations/{id}': () => ({ name: 'Renamed by a forger' }),
  'POST /api/v1/organizations/{id}/members': () => ({ user_id: victimId, role: 'owner' }),
  'PATCH /api/v1/organizations/{id}/members/{user_id}': () => ({ role: 'manager' }),
  'POST /api/v1/organizations/{id}/projects': () => ({ name: 'Forged project' }),
  'POST /api/v1/projects/{id}/tasks': () => ({ title: 'Forged task' }),
  'POST /api/v1/tasks/{id}/assign': () => ({ user_id: ids.user }),
};

const call = (operation: Operation, authorization?: string) =>
  request(atlas, operation.method, fillPath(operation.path, ids), {
    ...(authorization === undefined ? {} : { headers: { authorization } }),
    ...(operation.body ? { body: validBodies[`${operation.method} ${operation.path}`]?.() ?? {} } : {}),
  });

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => {
  const all: Record<string, unknown> = {
    iss: 'atlas',
    aud: 'atlas-services',
    sub: String(ids.user),
    username: 'mallory',
    iat: now(),
    exp: now() + 900,
    jti: randomUUID(),
    ...overrides,
  };
  for (const [name, value] of Object.entries(all)) if (value === undefined) delete all[name];
  return all;
};
const es256 = (payload: object, signer: KeyObject = key.privateKey, kid = key.kid) =>
  jwt.sign(payload, signer, { algorithm: 'ES256', keyid: kid, noTimestamp: true });
/** A token signed by hand: jsonwebtoken rightly refuses to make these. */
function hmacSigned(secret: string | Buffer): string {
  const signingInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${b64(claims())}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
/** A real token whose payload was edited afterwards (the signature no longer covers it). */
function tampered(edit: Record<string, unknown>): string {
  const [header, payload, signature] = es256(claims()).split('.');
  const edited = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), ...edit };
  return `${header}.${b64(edited)}.${signature}`;
}

const strangerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** [what, the Authorization header (undefined: none)] */
const forgeries: [string, () => string | undefined][] = [
  ['no Authorization header', () => undefined],
  ['not a JWT', () => 'Bearer not.a.jwt'],
  ['the token under another scheme', () => `Basic ${token}`],
  ['alg none', () => `Bearer ${b64({ alg: 'none', typ: 'JWT', kid: key.kid })}.${b64(claims())}.`],
  [
    'HS256 keyed with the public key (PEM)',
    () => `Bearer ${hmacSigned(key.publicKey.export({ type: 'spki', format: 'pem' }) as string)}`,
  ],
  ['HS256 keyed with the public key (JWK JSON)', () => `Bearer ${hmacSigned(JSON.stringify(key.publicJwk))}`],
  [
    'RS256 with the right kid',
    () => `Bearer ${jwt.sign(claims(), rsaKey, { algorithm: 'RS256', keyid: key.kid, noTimestamp: true })}`,
  ],
  ['expired', () => `Bearer ${es256(claims({ iat: now() - 3600, exp: now() - 60 }))}`],
  ['not valid yet', () => `Bearer ${es256(claims({ nbf: now() + 3600 }))}`],
  ['no expiry', () => `Bearer ${es256(claims({ exp: undefined }))}`],
  ['wrong issuer', () => `Bearer ${es256(claims({ iss: 'https://evil.example' }))}`],
  ['wrong audience', () => `Bearer ${es256(claims({ aud: 'another-service' }))}`],
  ['unknown kid', () => `Bearer ${es256(claims(), strangerKey, 'kid-nobody-knows')}`],
  ['known kid, another key', () => `Bearer ${es256(claims(), strangerKey)}`],
  ['no kid', () => `Bearer ${jwt.sign(claims(), key.privateKey, { algorithm: 'ES256', noTimestamp: true })}`],
  ['tampered payload: another sub', () => `Bearer ${tampered({ sub: String(victimId) })}`],
  ['tampered payload: later expiry', () => `Bearer ${tampered({ exp: now() + 86_400 * 365 })}`],
  ['tampered signature', () => `Bearer ${es256(claims()).slice(0, -4)}AAAA`],
  ['sub that is no user id', () => `Bearer ${es256(claims({ sub: 'admin' }))}`],
];

describe('the list of protected routes', () => {
  it('comes from /openapi.json and holds every kind of route', () => {
    const listed = protectedRoutes.map((o) => `${o.method} ${o.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'GET /api/v1/me',
        'POST /api/v1/organizations/{id}/members',
        'POST /api/v1/tasks/{id}/complete',
      ]),
    );
    expect(listed.length).toBeGreaterThanOrEqual(14);
  });
});

describe.each(forgeries)('%s', (_what, authorization) => {
  it('is refused with 401 on every protected route, and nothing is written', async () => {
    const before = await system.events.headPosition();
    const header = authorization();
    const answers = await Promise.all(protectedRoutes.map((operation) => call(operation, header)));
    answers.forEach((answer, i) => {
      const route = protectedRoutes[i]!;
      expect(answer.status, `${route.method} ${route.path}`).toBe(401);
      const problem = expectProblem(answer, 401, 'unauthorized');
      // The client never learns which check failed.
      expect(problem.detail).toBe('invalid or missing token');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
    });
    expect(await system.events.headPosition()).toBe(before);
  });
});

describe('the genuine token', () => {
  it('passes the token check on every protected route (so the 401s above are the forgeries)', async () => {
    for (const operation of protectedRoutes) {
      const answer = await call(operation, `Bearer ${token}`);
      expect(answer.status, `${operation.method} ${operation.path}: ${JSON.stringify(answer.body)}`).not.toBe(401);
      expect(answer.status, `${operation.method} ${operation.path}: ${JSON.stringify(answer.body)}`).toBeLessThan(500);
    }
  });
});
