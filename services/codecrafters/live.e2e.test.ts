/**
 * Code Crafters' live stream in the real system, read as the dashboard reads it (fetch() and a
 * reader; `live-fixture.ts`): what is refused before any stream starts, what a stream sends and to
 * whom, the per-user bound, and the watcher let go. Waiting for a message is bounded (a liveness
 * bound), never asserted on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestSystem } from '../../system/test-system.js';
import { signAccessToken } from '../../write/atlas/auth/access-token.js';
import { loadOrCreateSigningKey } from '../../write/atlas/auth/signing-key.js';
import type { LiveHub } from '../live/hub.js';
import { forgedTokens } from '../scoresquad/e2e-fixture.js';
import { expectProblem, ok, request, type Person } from './e2e-fixture.js';
import { activity, D, startLiveTeam, until, type LiveTeam } from './live-fixture.js';

let t: LiveTeam;
let system: TestSystem, hub: LiveHub, crafters: string, on: LiveTeam['on'], team: string;
let olga: Person, mona: Person, alice: Person, bob: Person, xavier: Person;
let work: LiveTeam['work'], open: LiveTeam['open'], ready: LiveTeam['ready'];
let notice: LiveTeam['notice'], teamDay: LiveTeam['teamDay'];

beforeAll(async () => {
  t = await startLiveTeam({ live: { maxPerUser: 3 } });
  ({ system, hub, crafters, on, team, olga, mona, alice, bob, xavier, work, open, ready, notice, teamDay } = t);
}, 60_000);

afterEach(() => t.closeAll());

afterAll(async () => {
  await t?.system.stop();
});

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
    await t.closeAll();
    await until(() => hub.streams() === 0 && !hub.watcher.watching && hub.watcher.members === 0, 'the watcher to stop');
    // And it starts again for the next client, from the head.
    const again = await ready(mona);
    expect(Number(again.start[0]!.id)).toBeGreaterThan(0);
    await work(alice, 0);
    expect((await again.stream.until(activity)).map((m) => m.data.user_id)).toEqual([alice.id]);
  });
});
