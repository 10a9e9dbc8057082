/**
 * Code Crafters' live stream in the real system (SQLite stores in a temp dir, the projector, Atlas
 * and Code Crafters on ephemeral ports, real tokens), read as the dashboard reads it: fetch() and
 * a reader. Each agent batch here is one minute (one event), so each gives one notice, whose id is
 * that event's position. Waiting for a message is bounded (a liveness bound), never asserted on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import { codecraftersProjections } from '../../projections/codecrafters/index.js';
import { startProjections, type Projector } from '../../projections/runtime/projector.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { atlasService } from '../atlas/index.js';
import { liveHubOf, type LiveHub } from '../live/hub.js';
import { openStream, type Message, type OpenedStream } from '../live/stream-fixture.js';
import { clients, forgedTokens } from '../scoresquad/e2e-fixture.js';
import { eventually, expectProblem, minutes, ok, request, type Person } from './e2e-fixture.js';
import { createCodecraftersService } from './service.js';
import type { ServiceModule } from '../service.js';
import { eventually as until } from '../nexacore/test-fixture.js';
import { signAccessToken } from '../../write/atlas/auth/access-token.js';
import { loadOrCreateSigningKey } from '../../write/atlas/auth/signing-key.js';

const MAX_BACKLOG = 20;

let system: TestSystem;
let hub: LiveHub;
let crafters: string;
let on: ReturnType<typeof clients>;
let olga: Person, mona: Person, alice: Person, bob: Person, xavier: Person;
let team: string;
const taskOf = new Map<number, string>();

/** A day `days` ago (UTC, the team's zone) and its noon. */
const dayAgo = (days: number) => {
  const date = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  return { date, noon: `${date}T12:00:00.000Z` };
};
const D = [1, 2, 3, 4, 5, 6].map(dayAgo);
const range = `?from=${D[5]!.date}&to=${D[0]!.date}`;

const live = (who: Person | null, lastEventId?: string) =>
  openStream(`${crafters}/api/v1/productivity/live?organization_id=${team}`, {
    ...(who ? { token: who.token } : {}),
    ...(lastEventId === undefined ? {} : { lastEventId }),
  });

let minuteOffset = 0;

/** `count` minutes of `who` on day `day`, on their task in the team: `count` events. */
async function work(who: Person, day: number, count = 1): Promise<void> {
  const start = new Date(Date.parse(D[day]!.noon) + (minuteOffset += count) * 60_000).toISOString();
  const records = minutes(start, count, { task_id: taskOf.get(who.id)! });
  expect(ok(await on.onSquad(who, 'POST', '/api/v1/activity/log', { records }), 202)).toEqual({
    accepted: count,
    refused: [],
  });
}

const activity = (message: Message) => message.event === 'activity';
const teamDay = async (who: Person, date: string) => {
  const body = ok(await on.onSquad(who, 'GET', `/api/v1/productivity/teams/${team}${range}`));
  return body.days.find((d: { date: string }) => d.date === date) as { productive_seconds: number };
};

beforeAll(async () => {
  const codecrafters: ServiceModule = {
    name: 'codecrafters',
    title: 'Code Crafters',
    create: (deps) => {
      const app = createCodecraftersService(deps, { live: { maxBacklog: MAX_BACKLOG, maxPerUser: 3 } });
      hub = liveHubOf(app);
      return app;
    },
  };
  system = await startTestSystem({
    projections: [...atlasProjections, ...codecraftersProjections],
    modules: [atlasService, codecrafters],
  });
  crafters = system.urls.codecrafters!;
  on = clients(system.urls.atlas!, crafters);
  [olga, mona, alice, bob, xavier] = await Promise.all(['olga', 'mona', 'alice', 'bob', 'xavier'].map(on.person));
  team = ok(await on.onAtlas(olga, 'POST', '/api/v1/organizations', { name: 'Live Crafters' }), 201).id;
  for (const [who, role] of [
    [mona, 'manager'],
    [alice, 'member'],
    [bob, 'member'],
  ] as const)
    ok(await on.onAtlas(olga, 'POST', `/api/v1/organizations/${team}/members`, { user_id: who.id, role }), 201);
  const project = ok(await on.onAtlas(olga, 'POST', `/api/v1/organizations/${team}/projects`, { name: 'Wire' }), 201)
    .id as string;
  for (const who of [alice, bob]) taskOf.set(who.id, await on.task(mona, project, who, null));
  for (const who of [alice, bob])
    await eventually(
      () => on.onSquad(who, 'GET', `/api/v1/productivity/tasks/${taskOf.get(who.id)}`),
      () => true,
    );
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

/** The streams a test opened, closed after it whatever happened. */
const opened: OpenedStream[] = [];
const open = async (who: Person | null, lastEventId?: string) => {
  const stream = await live(who, lastEventId);
  opened.push(stream);
  return stream;
};
/** Closes them, and waits until the service has let go of them (it hears of it a little later). */
const closeAll = async () => {
  await Promise.all(opened.splice(0).map((stream) => stream.close()));
  await until(() => hub.streams() === 0, 'the closed streams to be let go');
};
/** Opened, and past its `ready`: live from there. */
const ready = async (who: Person, lastEventId?: string) => {
  const stream = await open(who, lastEventId);
  expect(stream.status, JSON.stringify(stream.problem)).toBe(200);
  const start = await stream.until((m) => m.event === 'ready');
  return { stream, start };
};
const notice = (who: Person, date: string) => ({
  event: 'activity',
  data: { organization_id: team, user_id: who.id, dates: [date] },
});

afterEach(closeAll);

describe('refusals, before any stream starts', () => {
  it('401 without a token, with a forged one, with an expired one', async () => {
    const refused = [await open(null)];
    // Alice's token with Mona's id, a stranger's key under Atlas's kid, garbage.
    for (const token of await forgedTokens(system.urls.atlas!, alice.token, mona.id))
      refused.push(await open({ ...alice, token }));
    const key = loadOrCreateSigningKey(system.dataDir);
    const expired = signAccessToken(
      key,
      { issuer: 'atlas', audience: 'atlas-services', ttlSeconds: -5 },
      {
        user_id: alice.id,
        username: 'alice',
      },
    ).access_token;
    refused.push(await open({ ...alice, token: expired }));
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    for (const answer of refused) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.problem).toMatchObject({ type: 'https://atlas.dev/problems/unauthorized', status: 401 });
    }
  });

  it('404 to an outsider and for a malformed id, as the team route answers', async () => {
    const outsider = await open(xavier);
    expect(outsider.status).toBe(404);
    expect(outsider.problem).toMatchObject({ type: 'https://atlas.dev/problems/not-found' });
    const malformed = await request(crafters, 'GET', '/api/v1/productivity/live?organization_id=not-a-uuid', {
      token: mona.token,
    });
    expectProblem(malformed, 404, 'not-found');
    expectProblem(
      await request(crafters, 'GET', '/api/v1/productivity/live', { token: mona.token }),
      400,
      'validation',
    );
  });

  it.each(['abc', '-1', '01', '1.5', ' 7x', '99999999999999999'])(
    'a Last-Event-ID of %j is a 400 pointing at the header',
    async (id) => {
      const answer = await request(crafters, 'GET', `/api/v1/productivity/live?organization_id=${team}`, {
        token: mona.token,
        headers: { 'last-event-id': id },
      });
      const problem = expectProblem(answer, 400, 'validation');
      expect(problem.errors).toEqual([{ pointer: '/headers/last-event-id', detail: expect.any(String) }]);
    },
  );

  it('left no stream open and started no watcher', () => {
    expect(hub.streams()).toBe(0);
    expect(hub.watcher.watching).toBe(false);
  });
});

describe('the stream', () => {
  it('is text/event-stream, uncached, unbuffered, with a retry hint and a ready at the projected head', async () => {
    const { stream, start } = await ready(mona);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.retry).toBe(3000);
    expect(start).toEqual([
      { id: expect.stringMatching(/^[0-9]+$/), event: 'ready', data: { position: Number(start[0]!.id) } },
    ]);
    expect(Number(start[0]!.id)).toBeLessThanOrEqual(await system.events.headPosition());
    expect(hub.watcher.watching).toBe(true);
  });

  it("sends a manager a member's activity once the rollups have it: the team route refetched on the notice shows it", async () => {
    const { stream } = await ready(mona);
    expect((await teamDay(mona, D[0]!.date)).productive_seconds).toBe(0);
    await work(alice, 0);
    const [message] = await stream.until(activity);
    // Kind, ids and the day: no counts.
    expect(message).toEqual({ id: expect.any(String), ...notice(alice, D[0]!.date) });
    expect((await teamDay(mona, D[0]!.date)).productive_seconds).toBe(60);
  });

  it("never sends a member another member's activity; the manager gets both, in the log's order", async () => {
    const [forAlice, forBob, forMona] = await Promise.all([ready(alice), ready(bob), ready(mona)]);
    await work(bob, 1);
    await work(alice, 1);
    await work(bob, 1);
    // Alice's first notice is her own: Bob's, before it in the log, was not hers to see.
    expect(await forAlice.stream.until(activity)).toEqual([{ id: expect.any(String), ...notice(alice, D[1]!.date) }]);
    const bobs = [...(await forBob.stream.until(activity)), ...(await forBob.stream.until(activity))];
    expect(bobs.map(({ event, data }) => ({ event, data }))).toEqual([
      notice(bob, D[1]!.date),
      notice(bob, D[1]!.date),
    ]);
    const monas = await forMona.stream.until((m) => activity(m) && Number(m.id) === Number(bobs[1]!.id));
    expect(monas.filter(activity).map((m) => m.data.user_id)).toEqual([bob.id, alice.id, bob.id]);
    expect(monas.map((m) => Number(m.id))).toEqual([...monas.map((m) => Number(m.id))].sort((a, b) => a - b));
  });

  it("follows a role change: a member made manager gets the team's activity from then on", async () => {
    const forBob = await ready(bob);
    await work(alice, 2);
    ok(await on.onAtlas(olga, 'PATCH', `/api/v1/organizations/${team}/members/${bob.id}`, { role: 'manager' }));
    await work(alice, 2);
    const seen = await forBob.stream.until(activity);
    expect(seen.filter(activity)).toEqual([{ id: expect.any(String), ...notice(alice, D[2]!.date) }]);
    ok(await on.onAtlas(olga, 'PATCH', `/api/v1/organizations/${team}/members/${bob.id}`, { role: 'member' }));
    await work(alice, 2);
    await work(bob, 2);
    expect((await forBob.stream.until(activity)).map((m) => m.data.user_id)).toEqual([bob.id]);
  });
});

describe('resuming with Last-Event-ID', () => {
  it('sends exactly the notices missed since that id, then ready; none twice, none lost', async () => {
    const control = await ready(mona);
    const first = await ready(mona);
    await work(alice, 3);
    const [missedFrom] = await first.stream.until(activity);
    await first.stream.close();
    expect(first.stream.lastEventId).toBe(missedFrom!.id);

    await work(alice, 4);
    await work(bob, 4);
    const sent = (await control.stream.until((m) => activity(m) && m.data.user_id === bob.id)).filter(
      (m) => activity(m) && Number(m.id) > Number(missedFrom!.id),
    );
    // Both are in the rollups by now (the control stream had them), so the resume reads them.
    const resumed = await open(mona, missedFrom!.id);
    const backlog = await resumed.until((m) => m.event === 'ready');
    expect(backlog.slice(0, -1)).toEqual([
      { id: sent[0]!.id, ...notice(alice, D[4]!.date) },
      { id: sent[1]!.id, ...notice(bob, D[4]!.date) },
    ]);
    expect(Number(backlog.at(-1)!.id)).toBeGreaterThanOrEqual(Number(sent[1]!.id));

    await work(alice, 5);
    expect(await resumed.until(activity)).toEqual([{ id: expect.any(String), ...notice(alice, D[5]!.date) }]);
  });

  it('gives a member only their own missed notices', async () => {
    const forAlice = await ready(alice);
    await work(alice, 3);
    const [from] = await forAlice.stream.until(activity);
    await forAlice.stream.close();
    await work(bob, 3);
    await work(alice, 3);
    const later = await ready(mona);
    await work(bob, 3);
    await later.stream.until((m) => activity(m) && m.data.user_id === bob.id);
    const resumed = await ready(alice, from!.id);
    expect(resumed.start.filter(activity)).toEqual([{ id: expect.any(String), ...notice(alice, D[3]!.date) }]);
  });

  it(`sends one reset, and goes on from the head, when more than ${MAX_BACKLOG} events were missed or the id is unknown`, async () => {
    const first = await ready(mona);
    await work(alice, 5);
    const [from] = await first.stream.until(activity);
    await first.stream.close();
    await work(bob, 5, MAX_BACKLOG + 5);
    const control = await ready(mona);
    await work(alice, 5);
    await control.stream.until(activity);

    const resumed = await ready(mona, from!.id);
    expect(resumed.start).toEqual([
      { id: resumed.start[1]!.id, event: 'reset', data: { reason: expect.stringMatching(/refetch everything/) } },
      { id: resumed.start[1]!.id, event: 'ready', data: { position: Number(resumed.start[1]!.id) } },
    ]);
    const unknown = await ready(mona, String((await system.events.headPosition()) + 1_000));
    expect(unknown.start.map((m) => m.event)).toEqual(['reset', 'ready']);
    await work(alice, 5);
    expect((await unknown.stream.until(activity)).map((m) => m.data.user_id)).toEqual([alice.id]);
  });
});

describe('bounds and cleanup', () => {
  it('429 past the per-user bound, with Retry-After; a closed stream frees its place', async () => {
    const bobs = await Promise.all([1, 2, 3].map(() => ready(bob)));
    expect(hub.streams(bob.id)).toBe(3);
    const refused = await open(bob);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^[0-9]+$/);
    expect(refused.problem).toMatchObject({ type: 'https://atlas.dev/problems/rate-limited', status: 429 });
    expect((await ready(alice)).stream.status).toBe(200); // another user's bound is their own
    await bobs[0]!.stream.close();
    await until(() => hub.streams(bob.id) === 2, 'the closed stream to be let go');
    expect((await ready(bob)).stream.status).toBe(200);
  });

  it('lets go of everything when the last client leaves: no stream, no watcher', async () => {
    const streams = await Promise.all([ready(alice), ready(mona)]);
    expect(hub.watcher.watching).toBe(true);
    expect(hub.watcher.members).toBe(2);
    await streams[0]!.stream.close();
    await until(() => hub.watcher.members === 1, 'the first to leave');
    expect(hub.watcher.watching).toBe(true);
    await closeAll();
    await until(() => hub.streams() === 0 && !hub.watcher.watching && hub.watcher.members === 0, 'the watcher to stop');
    // And it starts again for the next client, from the head.
    const again = await ready(mona);
    expect(Number(again.start[0]!.id)).toBeGreaterThan(0);
    await work(alice, 0);
    expect((await again.stream.until(activity)).map((m) => m.data.user_id)).toEqual([alice.id]);
  });
});

describe('with the projector in another process', () => {
  // The services alone (no projector in their process: they read the stored checkpoints), and
  // projectors started beside them on the same stores, as another process would run them.
  let alone: TestSystem;
  let aloneHub: LiveHub;
  let projector: Projector | undefined;
  const projections = [...atlasProjections, ...codecraftersProjections];
  const project = () => startProjections({ events: alone.events, reads: alone.reads, projections });

  afterAll(async () => {
    await projector?.stop();
    await alone?.stop();
  });

  it('sends no notice while no projector commits the event, though the watcher has read it; sends it once one has', async () => {
    const module: ServiceModule = {
      name: 'codecrafters',
      title: 'Code Crafters',
      create: (deps) => {
        const app = createCodecraftersService(deps);
        aloneHub = liveHubOf(app);
        return app;
      },
    };
    alone = await startTestSystem({
      projections,
      modules: [atlasService, module],
      services: ['atlas', 'codecrafters'],
    });
    expect(alone.projector).toBeNull();
    projector = await project();
    const there = clients(alone.urls.atlas!, alone.urls.codecrafters!);
    const [owner, member] = await Promise.all(['oona', 'milo'].map(there.person));
    const org = ok(await there.onAtlas(owner!, 'POST', '/api/v1/organizations', { name: 'Apart' }), 201).id as string;
    ok(
      await there.onAtlas(owner!, 'POST', `/api/v1/organizations/${org}/members`, {
        user_id: member!.id,
        role: 'member',
      }),
      201,
    );
    const pid = ok(await there.onAtlas(owner!, 'POST', `/api/v1/organizations/${org}/projects`, { name: 'P' }), 201).id;
    const task = await there.task(owner!, pid, member!, null);
    await eventually(
      () => there.onSquad(member!, 'GET', `/api/v1/productivity/tasks/${task}`),
      () => true,
    );
    const stream = await openStream(`${alone.urls.codecrafters}/api/v1/productivity/live?organization_id=${org}`, {
      token: owner!.token,
    });
    opened.push(stream);
    await stream.until((m) => m.event === 'ready');

    await projector.stop();
    projector = undefined;
    const records = minutes(D[1]!.noon, 1, { task_id: task });
    ok(await there.onSquad(member!, 'POST', '/api/v1/activity/log', { records }), 202);
    const appended = await alone.events.headPosition();
    await until(() => (aloneHub.watcher.progress?.read ?? 0) >= appended, 'the watcher to read the event');
    // Read, not released: no read model has it.
    expect(aloneHub.watcher.progress!.released).toBeLessThan(appended);

    projector = await project();
    const [message] = await stream.until(activity);
    expect(message).toEqual({
      id: String(appended),
      event: 'activity',
      data: { organization_id: org, user_id: member!.id, dates: [D[1]!.date] },
    });
    const body = ok(await there.onSquad(owner!, 'GET', `/api/v1/productivity/teams/${org}${range}`));
    expect(body.days.find((d: { date: string }) => d.date === D[1]!.date).productive_seconds).toBe(60);
  });
});
