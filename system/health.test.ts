/**
 * `/healthz` tells the truth about the projections: one stopped on a poison event makes every
 * service that reads it answer 503 (problem+json naming the projection), unless the system runs
 * with `PROJECTION_ON_POISON=dead-letter`, where the event is set aside and the service stays up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Projection } from '../projections/projection.js';
import { atlasProjections } from '../projections/atlas/index.js';
import { nexacoreService } from '../services/nexacore/index.js';
import { request } from '../services/atlas/fixture.js';
import { startTestSystem, type TestSystem } from './test-system.js';
import { atlasService } from '../services/atlas/index.js';

/** Cannot apply a registration: every new user poisons it. */
const brittle: Projection = {
  name: 'brittle',
  version: 1,
  collections: { brittle: { indexes: [] } },
  project: (event) => {
    if (event.type === 'atlas.UserRegistered') throw new Error('cannot read this registration');
    return [];
  },
};

let system: TestSystem | undefined;
let alone: TestSystem | undefined;
afterEach(async () => {
  await alone?.stop();
  await system?.stop();
  system = alone = undefined;
});

async function register(url: string) {
  const answer = await request(url, 'POST', '/api/v1/auth/register', {
    body: { username: 'pat', email: 'pat@example.com', password: 'correct horse battery' },
  });
  expect(answer.status).toBe(201);
}

/** Polls /healthz until `done`, with a deadline. */
async function healthUntil(url: string, done: (answer: Awaited<ReturnType<typeof request>>) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await request(url, 'GET', '/healthz');
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('/healthz and poison events', () => {
  it('answers 503 naming the stopped projection', async () => {
    system = await startTestSystem({ projections: [...atlasProjections, brittle], modules: [atlasService] });
    const url = system.urls.atlas!;
    expect((await request(url, 'GET', '/healthz')).status).toBe(200);
    await register(url);
    const answer = await healthUntil(url, (a) => a.status === 503);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body.detail).toContain('brittle v1');
  });

  it('stays 200 with PROJECTION_ON_POISON=dead-letter, the event set aside', async () => {
    system = await startTestSystem({
      projections: [...atlasProjections, brittle],
      modules: [atlasService],
      env: { PROJECTION_ON_POISON: 'dead-letter' },
    });
    const url = system.urls.atlas!;
    await register(url);
    const head = await system.events.headPosition();
    const brittleOf = (a: { body: { projections?: { projection: string; position: number }[] } }) =>
      a.body.projections?.find((p) => p.projection === 'brittle');
    const answer = await healthUntil(url, (a) => a.status !== 200 || brittleOf(a)?.position === head);
    expect(answer.status).toBe(200);
    const brittleState = brittleOf(answer);
    expect(brittleState).toMatchObject({ status: 'running', position: head });
  });
});

describe('/healthz of a service started without the projector', () => {
  it('reports the state the projector in another process recorded, and 503 when it stopped', async () => {
    system = await startTestSystem({
      projections: [...atlasProjections, brittle],
      modules: [atlasService],
      services: ['atlas', 'projector'],
    });
    // NexaCore alone, on the same stores (as `npm start -- nexacore` beside `npm start -- atlas projector`).
    alone = await startTestSystem({
      projections: [...atlasProjections, brittle],
      modules: [atlasService, nexacoreService],
      services: ['nexacore'],
      env: { ATLAS_DATA_DIR: system.dataDir, ATLAS_JWKS_URL: `${system.urls.atlas!}/.well-known/jwks.json` },
    });
    const url = alone.urls.nexacore!;
    const before = await request(url, 'GET', '/healthz');
    expect(before.status).toBe(200);
    expect(before.body.projections.map((p: { projection: string }) => p.projection)).toContain('brittle');
    await register(system.urls.atlas!);
    const after = await healthUntil(url, (a) => a.status === 503);
    expect(after.status).toBe(503);
    expect(after.body.detail).toContain('brittle v1');
  });
});
