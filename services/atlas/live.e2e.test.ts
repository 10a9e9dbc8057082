/**
 * Atlas's live stream in the real system (SQLite stores, the projector, Atlas on an ephemeral
 * port, real tokens): a notice per change of the organization once Atlas's read models have it,
 * for every member and nobody else; the stream ends with `expired` when the token does, and when
 * the system stops. Waiting for a message is bounded (a liveness bound), never asserted on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { signAccessToken } from '../../write/atlas/auth/access-token.js';
import { loadOrCreateSigningKey } from '../../write/atlas/auth/signing-key.js';
import { liveHubOf, type LiveHub } from '../live/hub.js';
import { openStream, until, type Message, type OpenedStream } from '../live/stream-fixture.js';
import { clients, ok, type Person } from '../scoresquad/e2e-fixture.js';
import type { ServiceModule } from '../service.js';
import { atlasService } from './index.js';
import { createAtlasService } from './service.js';

let system: TestSystem;
let stopped = false;
let hub: LiveHub;
let atlas: string;
let on: ReturnType<typeof clients>;
let olga: Person, alice: Person, bob: Person, xavier: Person;
let org: string;

const live = (who: Person, organization = org) =>
  openStream(`${atlas}/api/v1/organizations/${organization}/live`, { token: who.token });
const ready = async (who: Person) => {
  const stream = await live(who);
  expect(stream.status, JSON.stringify(stream.problem)).toBe(200);
  await stream.until((m) => m.event === 'ready');
  return stream;
};
const notices = (message: Message) => !['ready', 'reset', 'expired'].includes(message.event);
const shape = ({ event, data }: Message) => ({ event, data });

beforeAll(async () => {
  const module: ServiceModule = {
    ...atlasService,
    create: (deps) => {
      const app = createAtlasService(deps);
      hub = liveHubOf(app);
      return app;
    },
  };
  system = await startTestSystem({ projections: atlasProjections, modules: [module] });
  atlas = system.urls.atlas!;
  on = clients(atlas, atlas);
  [olga, alice, bob, xavier] = (await Promise.all(
    ['olga', 'alice', 'bob', 'xavier'].map((name) => on.person(name)),
  )) as [Person, Person, Person, Person];
  org = ok(await on.onAtlas(olga, 'POST', '/api/v1/organizations', { name: 'Live Atlas' }), 201).id;
  ok(
    await on.onAtlas(olga, 'POST', `/api/v1/organizations/${org}/members`, { user_id: alice.id, role: 'member' }),
    201,
  );
}, 60_000);

afterAll(async () => {
  if (!stopped) await system?.stop();
});

describe("Atlas's live stream", () => {
  const opened: OpenedStream[] = [];

  afterAll(async () => {
    await Promise.all(opened.map((stream) => stream.close()));
  });

  it('404 to an outsider and for a malformed id', async () => {
    for (const stream of [await live(xavier), await live(alice, 'not-a-uuid')]) {
      expect(stream.status).toBe(404);
      expect(stream.problem).toMatchObject({ type: 'https://atlas.dev/problems/not-found' });
    }
    expect(hub.watcher.watching).toBe(false);
  });

  it("sends every member each change, with its type and ids only, once Atlas's read models have it", async () => {
    const [forAlice, forOlga] = await Promise.all([ready(alice), ready(olga)]);
    opened.push(forAlice, forOlga);
    const project = ok(await on.onAtlas(olga, 'POST', `/api/v1/organizations/${org}/projects`, { name: 'Pipes' }), 201)
      .id as string;
    const task = ok(
      await on.onAtlas(olga, 'POST', `/api/v1/projects/${project}/tasks`, { title: 'Secret plan', description: 'x' }),
      201,
    ).id as string;
    ok(await on.onAtlas(olga, 'POST', `/api/v1/tasks/${task}/assign`, { user_id: alice.id }));
    ok(await on.onAtlas(alice, 'POST', `/api/v1/tasks/${task}/start`));
    ok(await on.onAtlas(alice, 'POST', `/api/v1/tasks/${task}/complete`));
    ok(
      await on.onAtlas(olga, 'POST', `/api/v1/organizations/${org}/members`, { user_id: bob.id, role: 'manager' }),
      201,
    );

    const ids = { organization_id: org, project_id: project, task_id: task };
    const expected = [
      { event: 'project', data: { organization_id: org, project_id: project, type: 'atlas.ProjectCreated' } },
      { event: 'task', data: { ...ids, type: 'atlas.TaskCreated' } },
      { event: 'task', data: { ...ids, user_id: alice.id, type: 'atlas.TaskAssigned' } },
      { event: 'task', data: { ...ids, user_id: alice.id, type: 'atlas.TaskStarted' } },
      { event: 'task', data: { ...ids, user_id: alice.id, type: 'atlas.TaskCompleted' } },
      { event: 'member', data: { organization_id: org, user_id: bob.id, type: 'atlas.MemberAdded' } },
    ];
    const seen: Message[] = [];
    for (;;) {
      const message = await forAlice.next();
      if (message === null) throw new Error('the stream ended');
      if (!notices(message)) continue;
      seen.push(message);
      // On the completion's notice, the task as Atlas answers it is completed.
      if (message.data.type === 'atlas.TaskCompleted')
        expect(ok(await on.onAtlas(alice, 'GET', `/api/v1/tasks/${task}`)).status).toBe('completed');
      if (seen.length === expected.length) break;
    }
    expect(seen.map(shape)).toEqual(expected);
    expect(JSON.stringify(seen)).not.toContain('Secret plan');
    const forOwner = await forOlga.until((m) => m.event === 'member');
    expect(forOwner.filter(notices)).toEqual(seen);
  });

  it('ends with `expired` (its id the position) when the token expires, and lets go of the stream', async () => {
    const key = loadOrCreateSigningKey(system.dataDir);
    const token = signAccessToken(
      key,
      { issuer: 'atlas', audience: 'atlas-services', ttlSeconds: 2 },
      {
        user_id: alice.id,
        username: 'alice',
      },
    ).access_token;
    const stream = await openStream(`${atlas}/api/v1/organizations/${org}/live`, { token });
    opened.push(stream);
    const [start] = await stream.until((m) => m.event === 'ready');
    const rest = await stream.until((m) => m.event === 'expired');
    expect(rest.at(-1)).toEqual({
      id: expect.stringMatching(/^[0-9]+$/),
      event: 'expired',
      data: { reason: expect.stringMatching(/reconnect with a fresh token/) },
    });
    expect(Number(rest.at(-1)!.id)).toBeGreaterThanOrEqual(Number(start!.id));
    expect(await stream.next()).toBeNull();
    await until(() => hub.streams(alice.id) === 1, 'the expired stream to be let go'); // the one left from before
  });

  it('ends every open stream when the system stops, which does not wait for the clients', async () => {
    const stream = await ready(olga);
    expect(hub.streams()).toBeGreaterThan(0);
    await system.stop();
    stopped = true;
    for (;;) if ((await stream.next()) === null) break;
    expect(hub.streams()).toBe(0);
    expect(hub.watcher.watching).toBe(false);
  });
});
