/**
 * ScoreSquad's live stream in the real system (SQLite stores, the projector, Atlas and ScoreSquad
 * on ephemeral ports, real tokens): a `rating` notice once the performance read models have a
 * change; owners and managers get every member's, a member only their own, an outsider a 404. A
 * notice names the organization and the member: no score, no comment. Waiting for a message is
 * bounded (a liveness bound), never asserted on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import { scoresquadProjections } from '../../projections/scoresquad/index.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { atlasService } from '../atlas/index.js';
import { openStream, type Message, type OpenedStream } from '../live/stream-fixture.js';
import { clients, ok, type Person } from './e2e-fixture.js';
import { scoresquadService } from './index.js';

let system: TestSystem;
let squad: string;
let on: ReturnType<typeof clients>;
let olga: Person, mona: Person, alice: Person, bob: Person, xavier: Person;
let org: string, project: string;
const opened: OpenedStream[] = [];

const period = new Date().toISOString().slice(0, 7);
const live = async (who: Person, organization = org) => {
  const stream = await openStream(`${squad}/api/v1/performance/organizations/${organization}/live`, {
    token: who.token,
  });
  opened.push(stream);
  return stream;
};
const ready = async (who: Person) => {
  const stream = await live(who);
  expect(stream.status, JSON.stringify(stream.problem)).toBe(200);
  await stream.until((m) => m.event === 'ready');
  return stream;
};
const rating = (message: Message) => message.event === 'rating';
const about = (who: Person) => ({ event: 'rating', data: { organization_id: org, user_id: who.id } });
const review = (by: Person, of: Person) =>
  on.onSquad(by, 'POST', '/api/v1/reviews', {
    employee_id: of.id,
    organization_id: org,
    period,
    scores: { quality: 4, delivery: 3, collaboration: 5 },
    comments: 'A private remark',
  });

beforeAll(async () => {
  system = await startTestSystem({
    projections: [...atlasProjections, ...scoresquadProjections],
    modules: [atlasService, scoresquadService],
  });
  squad = system.urls.scoresquad!;
  on = clients(system.urls.atlas!, squad);
  [olga, mona, alice, bob, xavier] = (await Promise.all(
    ['olga', 'mona', 'alice', 'bob', 'xavier'].map((name) => on.person(name)),
  )) as [Person, Person, Person, Person, Person];
  org = ok(await on.onAtlas(olga, 'POST', '/api/v1/organizations', { name: 'Live Squad' }), 201).id;
  for (const [who, role] of [
    [mona, 'manager'],
    [alice, 'member'],
  ] as const)
    ok(await on.onAtlas(olga, 'POST', `/api/v1/organizations/${org}/members`, { user_id: who.id, role }), 201);
  project = ok(await on.onAtlas(olga, 'POST', `/api/v1/organizations/${org}/projects`, { name: 'Ratings' }), 201).id;
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((stream) => stream.close()));
  await system?.stop();
});

describe("ScoreSquad's live stream", () => {
  it('404 to an outsider and for a malformed id', async () => {
    for (const stream of [await live(xavier), await live(alice, 'nope')]) {
      expect(stream.status).toBe(404);
      expect(stream.problem).toMatchObject({ type: 'https://atlas.dev/problems/not-found' });
    }
  });

  it("sends a manager every member's rating change, and a member only their own, without scores or comments", async () => {
    const [forMona, forAlice] = await Promise.all([ready(mona), ready(alice)]);
    ok(
      await on.onAtlas(olga, 'POST', `/api/v1/organizations/${org}/members`, { user_id: bob.id, role: 'member' }),
      201,
    );
    ok(await review(mona, bob), 201);
    const unassigned = ok(
      await on.onAtlas(olga, 'POST', `/api/v1/projects/${project}/tasks`, { title: 'Loose end' }),
      201,
    ).id as string;
    ok(await on.onAtlas(olga, 'POST', `/api/v1/tasks/${unassigned}/start`));
    ok(await on.onAtlas(olga, 'POST', `/api/v1/tasks/${unassigned}/complete`));
    const task = await on.task(olga, project, alice, null);
    ok(await on.onAtlas(alice, 'POST', `/api/v1/tasks/${task}/start`));
    ok(await on.onAtlas(alice, 'POST', `/api/v1/tasks/${task}/complete`));
    ok(await review(mona, alice), 201);

    // Bob joined and was reviewed (one notice, or two when the second came in a later stretch of
    // the log); the unassigned task changed the organization's figures only; then Alice's.
    const monas = (await forMona.until((m) => rating(m) && m.data.user_id === alice.id)).filter(rating);
    const said = monas.map(({ event, data }) => ({ event, data }));
    expect(said.filter((m, i) => i === 0 || JSON.stringify(m) !== JSON.stringify(said[i - 1]))).toEqual([
      about(bob),
      { event: 'rating', data: { organization_id: org } },
      about(alice),
    ]);
    // On Alice's notice, her performance as ScoreSquad answers it has the completion and the review.
    const mine = ok(await on.onSquad(alice, 'GET', `/api/v1/performance/users/${alice.id}?organization_id=${org}`));
    expect(JSON.stringify(mine)).toContain('"completed":1');
    const alices = (await forAlice.until(rating)).filter(rating);
    expect(alices).toEqual([{ id: monas.at(-1)!.id, ...about(alice) }]);
    expect(JSON.stringify([...monas, ...alices])).not.toMatch(/private remark|quality|Loose end/);
  });
});
