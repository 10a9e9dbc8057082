/**
 * The signing key outlives the process: the real system, stopped and started again on the same
 * data dir, still accepts the tokens it issued before, and keeps its key file private.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { SIGNING_KEY_FILE } from '../../write/atlas/auth/signing-key.js';
import { PASSWORD, request } from './fixture.js';
import { atlasService } from './index.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-restart-'));
const start = () => startTestSystem({ projections: [], modules: [atlasService], env: { ATLAS_DATA_DIR: dataDir } });

let system: TestSystem | undefined;
beforeAll(async () => {
  system = await start();
});
afterAll(async () => {
  await system?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('creates the key file readable by its owner only, and nothing half-written beside it', () => {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
});

it('accepts tokens issued before a restart, and publishes the same key after it', async () => {
  const before = system!.urls.atlas!;
  expect(
    (
      await request(before, 'POST', '/api/v1/auth/register', {
        body: { username: 'ada', email: 'ada@example.com', password: PASSWORD },
      })
    ).status,
  ).toBe(201);
  const tokens = (
    await request(before, 'POST', '/api/v1/auth/login', { body: { username: 'ada', password: PASSWORD } })
  ).body;
  const jwksBefore = (await request(before, 'GET', '/.well-known/jwks.json')).body;
  const keyFile = fs.readFileSync(path.join(dataDir, SIGNING_KEY_FILE), 'utf8');

  await system!.stop();
  system = undefined;
  system = await start();
  const after = system.urls.atlas!;

  expect(fs.readFileSync(path.join(dataDir, SIGNING_KEY_FILE), 'utf8')).toBe(keyFile);
  expect((await request(after, 'GET', '/.well-known/jwks.json')).body).toEqual(jwksBefore);
  const me = await request(after, 'GET', '/api/v1/me', { token: tokens.access_token });
  expect(me.status).toBe(200);
  expect(me.body.username).toBe('ada');
  // The refresh token lives in the event store, which is in the same data dir.
  expect(
    (await request(after, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: tokens.refresh_token } })).status,
  ).toBe(200);
});
