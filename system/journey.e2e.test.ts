/**
 * The seed's whole journey over real HTTP, every service of `npm start` in one system (SQLite
 * stores, the projector, Atlas :8000, NexaCore :8001, Code Crafters :8002, ScoreSquad :8003 on
 * ephemeral ports): register → organization → its lab on NexaCore → agent batches on Code
 * Crafters → the team's productivity, to the digit → tasks completed in Atlas → the rating on
 * ScoreSquad moves as its formula says. Then an outsider tries every partner route with this
 * organization's ids and is refused on each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutes as agentMinutes } from '../services/codecrafters/e2e-fixture.js';
import { clients, eventually, ok, request, type Person } from '../services/scoresquad/e2e-fixture.js';
import { operationsOf, type Answer } from '../services/atlas/fixture.js';
import { startTestSystem, type TestSystem } from './test-system.js';

let system: TestSystem;
let urls: { atlas: string; nexacore: string; codecrafters: string; scoresquad: string };
let now = new Date('2026-05-10T09:00:00.000Z');

let john: Person, alice: Person, bob: Person, mallory: Person;
let org: string;
let project: string;
let aliceTask: string;
let bobTask: string;

const call =
  (base: string) =>
  (who: Person | null, method: string, path: string, body?: unknown): Promise<Answer> =>
    request(base, method, path, { ...(who ? { token: who.token } : {}), ...(body === undefined ? {} : { body }) });
let atlas: ReturnType<typeof call>,
  nexacore: ReturnType<typeof call>,
  crafters: ReturnType<typeof call>,
  squad: ReturnType<typeof call>;

/** `count` fully active agent minutes from `start` (UTC), on `task`. */
const minutes = (start: string, count: number, task: string) => agentMinutes(start, count, { task_id: task });

beforeAll(async () => {
  system = await startTestSystem({ clock: () => now });
  urls = system.urls as typeof urls;
  [atlas, nexacore, crafters, squad] = [
    call(urls.atlas),
    call(urls.nexacore),
    call(urls.codecrafters),
    call(urls.scoresquad),
  ];
  const on = clients(urls.atlas, urls.scoresquad);
  [john, alice, bob, mallory] = (await Promise.all(
    ['john_doe', 'alice', 'bob', 'mallory'].map((name) => on.person(name)),
  )) as [Person, Person, Person, Person];
  org = ok(await atlas(john, 'POST', '/api/v1/organizations', { name: 'AI Research Team' }), 201).id;
  ok(await atlas(john, 'POST', `/api/v1/organizations/${org}/members`, { user_id: alice.id, role: 'member' }), 201);
  ok(await atlas(john, 'POST', `/api/v1/organizations/${org}/members`, { user_id: bob.id, role: 'member' }), 201);
  project = ok(await atlas(john, 'POST', `/api/v1/organizations/${org}/projects`, { name: 'Transformer' }), 201).id;
  aliceTask = await on.task(john, project, alice, '2026-05-12');
  bobTask = await on.task(john, project, bob, '2026-05-08');
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

describe('the seed journey', () => {
  it("john_doe's personal organization is a lab on NexaCore, and so is the team's", async () => {
    const personal = await eventually(
      () => nexacore(john, 'GET', `/api/v1/labs/${john.personal}`),
      () => true,
    );
    expect(personal).toMatchObject({ organization_id: john.personal, lab_name: "john_doe's Lab" });
    ok(await nexacore(john, 'PATCH', `/api/v1/labs/${org}`, { domain: 'Machine Learning' }));
    const lab = await eventually(
      () => nexacore(john, 'GET', `/api/v1/labs/${org}`),
      (b) => b.domain === 'Machine Learning',
    );
    expect(lab).toMatchObject({ organization_id: org, lab_name: 'AI Research Team', domain: 'Machine Learning' });
  });

  it('the agents send their minutes and the team averaged 6.5 productive hours/day', async () => {
    // Alice: 7 h on the 7th, 8 h on the 8th; Bob: 6 h on the 7th, 5 h on the 8th. Member-days: 4.
    const batches: [Person, ReturnType<typeof minutes>][] = [
      [alice, minutes('2026-05-07T08:00:00.000Z', 7 * 60, aliceTask)],
      [alice, minutes('2026-05-08T08:00:00.000Z', 8 * 60, aliceTask)],
      [bob, minutes('2026-05-07T09:00:00.000Z', 6 * 60, bobTask)],
      [bob, minutes('2026-05-08T09:00:00.000Z', 5 * 60, bobTask)],
    ];
    for (const [who, records] of batches) {
      const answer = await crafters(who, 'POST', '/api/v1/activity/log', { records });
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    }
    // A retried batch (the agent lost the answer) counts nothing twice.
    const retried = await crafters(bob, 'POST', '/api/v1/activity/log', { records: batches[3]![1] });
    expect(retried.status, JSON.stringify(retried.body)).toBeLessThan(300);

    const team = await eventually(
      () => crafters(john, 'GET', `/api/v1/productivity/teams/${org}?from=2026-05-07&to=2026-05-08`),
      (b) => b.total_productive_hours === 26,
    );
    expect(team.average_productive_hours_per_day).toBe(6.5);
    expect(team.active_member_days).toBe(4);
    expect(team.days.map((d: { date: string; productive_hours: number }) => [d.date, d.productive_hours])).toEqual([
      ['2026-05-07', 13],
      ['2026-05-08', 13],
    ]);
    const byUser = Object.fromEntries(
      team.members.map((m: { user_id: number; productive_hours: number }) => [m.user_id, m.productive_hours]),
    );
    expect(byUser).toEqual({ [john.id]: 0, [alice.id]: 15, [bob.id]: 11 });

    const own = ok(
      await crafters(alice, 'GET', `/api/v1/productivity/users/${alice.id}?from=2026-05-07&to=2026-05-08`),
    );
    expect(own.total_productive_hours).toBe(15);
    const task = ok(await crafters(john, 'GET', `/api/v1/productivity/tasks/${aliceTask}`));
    expect(task).toMatchObject({ task_id: aliceTask, total_productive_seconds: 15 * 3600, total_productive_hours: 15 });
  });

  it('completing tasks in Atlas moves the ratings on ScoreSquad as the formula says', async () => {
    const before = ok(await squad(john, 'GET', `/api/v1/performance/users/${alice.id}?organization_id=${org}`));
    expect(before.tasks.completed).toBe(0);
    expect(before.overall_rating).toBeNull();

    now = new Date('2026-05-10T13:00:00.000Z');
    ok(await atlas(alice, 'POST', `/api/v1/tasks/${aliceTask}/start`));
    ok(await atlas(bob, 'POST', `/api/v1/tasks/${bobTask}/start`));
    now = new Date('2026-05-10T17:00:00.000Z');
    ok(await atlas(alice, 'POST', `/api/v1/tasks/${aliceTask}/complete`));
    ok(await atlas(bob, 'POST', `/api/v1/tasks/${bobTask}/complete`));

    // Alice: 1 of 1 on time (value 1), 1 of the 10-task target (0.1); no reviews or feedback yet:
    // (0.35 × 1 + 0.20 × 0.1) / 0.55 = 0.6727…; 1 + 4 × 0.6727… = 3.69.
    const aliceAfter = await eventually(
      () => squad(john, 'GET', `/api/v1/performance/users/${alice.id}?organization_id=${org}`),
      (b) => b.tasks.completed === 1,
    );
    expect(aliceAfter.tasks).toMatchObject({ completed: 1, on_time: 1, late: 0 });
    expect(aliceAfter.overall_rating).toBe(3.69);
    // Bob: late (due the 8th): on-time 0, throughput 0.1: (0.20 × 0.1) / 0.55 = 0.0364; 1 + 4 × 0.0364 = 1.15.
    const bobAfter = await eventually(
      () => squad(john, 'GET', `/api/v1/performance/users/${bob.id}?organization_id=${org}`),
      (b) => b.tasks.completed === 1,
    );
    expect(bobAfter.tasks).toMatchObject({ completed: 1, on_time: 0, late: 1 });
    expect(bobAfter.overall_rating).toBe(1.15);
  });
});

describe("another organization's ids", () => {
  /** This organization's ids in every path parameter a partner route takes. */
  const idFor: Record<string, () => string> = {
    organization_id: () => org,
    user_id: () => String(alice.id),
    task_id: () => aliceTask,
    project_id: () => project,
  };
  const bodies: Record<string, () => unknown> = {
    'PATCH /api/v1/labs/{organization_id}': () => ({ domain: 'Hijacked' }),
    'PUT /api/v1/researchers/{user_id}': () => ({ expertise_domains: ['Forgery'], years_experience: 3 }),
    'PUT /api/v1/productivity/profiles/{user_id}': () => ({ idle_threshold_minutes: 9 }),
    'POST /api/v1/activity/log': () => ({ records: minutes('2026-05-09T08:00:00.000Z', 1, aliceTask) }),
    'POST /api/v1/reviews': () => ({
      employee_id: alice.id,
      organization_id: org,
      period: '2026-05',
      scores: { quality: 1, delivery: 1, collaboration: 1 },
      comments: 'x',
    }),
    'POST /api/v1/feedback': () => ({ project_id: project, to_user_id: alice.id, score: 1, comment: 'x' }),
  };

  it.each(['nexacore', 'codecrafters', 'scoresquad'] as const)(
    'are refused to an outsider on every %s route, and nothing is written',
    async (service) => {
      const operations = (await operationsOf(urls[service])).filter((o) => o.requiresToken);
      const checked: string[] = [];
      for (const operation of operations) {
        const params = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        const key = `${operation.method} ${operation.path}`;
        // Routes that name no id of this organization, in their path or body, are the outsider's own.
        if (params.length === 0 && bodies[key] === undefined) continue;
        const unknown = params.filter((p) => idFor[p] === undefined);
        expect(unknown, `${key}: teach this test which id ${unknown.join(', ')} takes`).toEqual([]);
        const path = operation.path.replace(/\{(\w+)\}/g, (_, p: string) => idFor[p]!());
        const before = await system.events.headPosition();
        const answer = await request(urls[service], operation.method, path, {
          token: mallory.token,
          ...(operation.body ? { body: bodies[key]?.() ?? {} } : {}),
        });
        const where = `${key} → ${answer.status} ${JSON.stringify(answer.body)}`;
        if (key === 'POST /api/v1/activity/log') {
          // A batch is validated record by record: the task is one the sender cannot see.
          expect(answer.status, where).toBe(400);
          expect(
            answer.body.errors.map((e: { pointer: string }) => e.pointer),
            where,
          ).toEqual(['/body/records/0/task_id']);
        } else {
          expect([403, 404], where).toContain(answer.status);
        }
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(await system.events.headPosition(), `${key} wrote nothing`).toBe(before);
        checked.push(key);
      }
      expect(checked.length).toBeGreaterThan(0);
    },
  );
});
