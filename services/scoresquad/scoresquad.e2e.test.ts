/**
 * ScoreSquad over HTTP in the real system (SQLite stores, projector, Atlas, ScoreSquad on
 * ephemeral ports): tasks are completed through Atlas's own routes, reviews and feedback through
 * ScoreSquad's, and the ratings read back are the formula's, to the digit.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import { scoresquadProjections } from '../../projections/scoresquad/index.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { clients, eventually, expectProblem, forgedTokens, ok, request, type Person } from './e2e-fixture.js';
import { scoresquadService } from './index.js';
import { atlasService } from '../atlas/index.js';

let system: TestSystem;
let atlas: string;
let squad: string;
let on: ReturnType<typeof clients>;
let now = new Date('2026-05-10T09:00:00.000Z');
const at = (iso: string) => {
  now = new Date(iso);
};

let owner: Person, manager: Person, alice: Person, bob: Person, outsider: Person;
let org: string;
let project: string;
let otherOrg: string;
let otherProject: string;

const onAtlas = (who: Person, method: string, path: string, body?: unknown) => on.onAtlas(who, method, path, body);
const onSquad = (who: Person | null, method: string, path: string, body?: unknown) =>
  on.onSquad(who, method, path, body);
const task = (by: Person, projectId: string, assignee: Person, due: string | null) =>
  on.task(by, projectId, assignee, due);

/** A review of `employee` in Squad for May, all fives; `changes` say otherwise. */
const fives = (employee: Person, changes: { organization_id?: string; period?: string } = {}) => ({
  employee_id: employee.id,
  organization_id: org,
  period: '2026-05',
  scores: { quality: 5, delivery: 5, collaboration: 5 },
  ...changes,
});

const componentsByName = (body: { components: { name: string }[] }): Record<string, any> =>
  Object.fromEntries(body.components.map((c) => [c.name, c]));

beforeAll(async () => {
  system = await startTestSystem({
    clock: () => now,
    projections: [...atlasProjections, ...scoresquadProjections],
    modules: [atlasService, scoresquadService],
  });
  atlas = system.urls.atlas!;
  squad = system.urls.scoresquad!;
  on = clients(atlas, squad);
  const people = await Promise.all(['olga', 'mona', 'alice', 'bob', 'xavier'].map((name) => on.person(name)));
  [owner, manager, alice, bob, outsider] = people as [Person, Person, Person, Person, Person];

  org = ok(await onAtlas(owner, 'POST', '/api/v1/organizations', { name: 'Squad' }), 201).id;
  for (const [member, role] of [
    [manager, 'manager'],
    [alice, 'member'],
    [bob, 'member'],
  ] as const) {
    ok(await onAtlas(owner, 'POST', `/api/v1/organizations/${org}/members`, { user_id: member.id, role }), 201);
  }
  project = ok(await onAtlas(owner, 'POST', `/api/v1/organizations/${org}/projects`, { name: 'Rocket' }), 201).id;

  // Alice's work in Squad: one on time (4 h from start to finish), one late, one without a due date.
  const onTime = await task(manager, project, alice, '2026-05-10');
  const late = await task(manager, project, alice, '2026-05-09');
  const undated = await task(manager, project, alice, null);
  ok(await onAtlas(alice, 'POST', `/api/v1/tasks/${onTime}/start`));
  at('2026-05-10T13:00:00.000Z');
  for (const id of [onTime, late, undated]) ok(await onAtlas(alice, 'POST', `/api/v1/tasks/${id}/complete`));

  // Another organization Alice belongs to, with a late task of hers: it must never leak into Squad's numbers.
  otherOrg = ok(await onAtlas(outsider, 'POST', '/api/v1/organizations', { name: 'Elsewhere' }), 201).id;
  ok(
    await onAtlas(outsider, 'POST', `/api/v1/organizations/${otherOrg}/members`, { user_id: alice.id, role: 'member' }),
    201,
  );
  otherProject = ok(
    await onAtlas(outsider, 'POST', `/api/v1/organizations/${otherOrg}/projects`, { name: 'Side' }),
    201,
  ).id;
  const elsewhere = await task(outsider, otherProject, alice, '2026-05-01');
  ok(await onAtlas(outsider, 'POST', `/api/v1/tasks/${elsewhere}/complete`));
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

const aliceInSquad = (viewer: Person) => () =>
  onSquad(viewer, 'GET', `/api/v1/performance/users/${alice.id}?organization_id=${org}`);

describe('task completion from Atlas', () => {
  it('shows the exact components of completed tasks', async () => {
    const body = await eventually(aliceInSquad(alice), (b) => b.tasks.completed === 3);
    expect(body.tasks).toEqual({
      completed: 3,
      with_due_date: 2,
      on_time: 1,
      late: 1,
      without_due_date: 1,
      mean_cycle_hours: 1.33,
    });
    // weights with data: 0.35 + 0.20 = 0.55; (0.35 × 0.5 + 0.20 × 0.3) / 0.55 = 0.427272…; 1 + 4 × 0.427272… = 2.709… → 2.71
    expect(body.overall_rating).toBe(2.71);
    expect(body.performance_rating).toBeNull();
    expect(body.last_review_date).toBeNull();
    expect(body.components).toEqual([
      {
        name: 'on_time_rate',
        value: 0.5,
        weight: 0.35,
        effective_weight: 0.6364,
        data: { with_due_date: 2, on_time: 1, late: 1, without_due_date: 1 },
      },
      {
        name: 'throughput',
        value: 0.3,
        weight: 0.2,
        effective_weight: 0.3636,
        data: {
          completed_in_window: 3,
          target: 10,
          window_from: '2026-03',
          window_to: '2026-05',
          completed_all_time: 3,
        },
      },
      {
        name: 'review_score',
        value: null,
        weight: 0.3,
        effective_weight: 0,
        data: { reviews: 0, mean_score: null, quality_mean: null, delivery_mean: null, collaboration_mean: null },
      },
      { name: 'peer_score', value: null, weight: 0.15, effective_weight: 0, data: { feedback: 0, mean_score: null } },
    ]);
    expect(body.formula).toMatch(/overall_rating = round\(1 \+ 4/);
    expect(body.weights).toEqual({ on_time_rate: 0.35, throughput: 0.2, review_score: 0.3, peer_score: 0.15 });
    expect(body.organizations).toHaveLength(1);
    expect(body.organizations[0]).toMatchObject({
      organization_id: org,
      user_id: alice.id,
      username: 'alice',
      role: 'member',
      overall_rating: 2.71,
    });
  });

  it("sums the user's own organizations, each shown apart", async () => {
    const body = await eventually(
      () => onSquad(alice, 'GET', `/api/v1/performance/users/${alice.id}`),
      (b) => b.tasks.completed === 4,
    );
    expect(body.organization_id).toBeNull();
    expect(body.tasks).toMatchObject({ completed: 4, on_time: 1, late: 2, without_due_date: 1 });
    expect(body.organizations.map((o: { organization_id: string }) => o.organization_id).sort()).toEqual(
      [alice.personal, org, otherOrg].sort(),
    );
    const personal = body.organizations.find((o: { organization_id: string }) => o.organization_id === alice.personal);
    expect(personal).toMatchObject({ overall_rating: null, performance_rating: null, tasks: { completed: 0 } });
  });
});

describe('reviews and feedback move the rating as the formula says', () => {
  it('a review adds the review score', async () => {
    const review = ok(
      await onSquad(manager, 'POST', '/api/v1/reviews', {
        employee_id: alice.id,
        organization_id: org,
        period: '2026-05',
        scores: { quality: 4, delivery: 4, collaboration: 5 },
        comments: 'Solid month.',
      }),
      201,
    );
    expect(review).toMatchObject({
      id: expect.any(String),
      employee_id: alice.id,
      reviewer_id: manager.id,
      organization_id: org,
      period: '2026-05',
      submitted_at: '2026-05-10T13:00:00.000Z',
    });
    const body = await eventually(aliceInSquad(manager), (b) => b.performance_rating !== null);
    // review mean 13/3 = 4.333…; (4.333… − 1) / 4 = 0.8333…; weights with data 0.85
    // (0.175 + 0.06 + 0.30 × 0.8333…) / 0.85 = 0.485 / 0.85 = 0.570588…; 1 + 4 × 0.570588… = 3.282… → 3.28
    expect(body.performance_rating).toBe(4.33);
    expect(body.overall_rating).toBe(3.28);
    expect(body.last_review_date).toBe('2026-05-10');
    expect(componentsByName(body).review_score).toEqual({
      name: 'review_score',
      value: 0.8333,
      weight: 0.3,
      effective_weight: 0.3529,
      data: { reviews: 1, mean_score: 4.3333, quality_mean: 4, delivery_mean: 4, collaboration_mean: 5 },
    });
  });

  it("a peer's feedback adds the peer score", async () => {
    const feedback = ok(
      await onSquad(bob, 'POST', '/api/v1/feedback', {
        project_id: project,
        to_user_id: alice.id,
        score: 3,
        comment: 'Helpful reviews.',
      }),
      201,
    );
    expect(feedback).toMatchObject({
      project_id: project,
      organization_id: org,
      from_user_id: bob.id,
      to_user_id: alice.id,
      period: '2026-05',
      score: 3,
    });
    const body = await eventually(aliceInSquad(owner), (b) => componentsByName(b).peer_score.value !== null);
    // every component has data: 0.35 × 0.5 + 0.20 × 0.3 + 0.30 × 0.8333… + 0.15 × 0.5 = 0.56 → 1 + 4 × 0.56 = 3.24
    expect(body.overall_rating).toBe(3.24);
    expect(body.components.map((c: { effective_weight: number }) => c.effective_weight)).toEqual([
      0.35, 0.2, 0.3, 0.15,
    ]);
    expect(componentsByName(body).peer_score).toMatchObject({ value: 0.5, data: { feedback: 1, mean_score: 3 } });
  });

  it('a second feedback in the same month is a conflict; next month it is welcome', async () => {
    expectProblem(
      await onSquad(bob, 'POST', '/api/v1/feedback', { project_id: project, to_user_id: alice.id, score: 5 }),
      409,
      'conflict',
    );
    at('2026-06-02T08:00:00.000Z');
    const june = ok(
      await onSquad(bob, 'POST', '/api/v1/feedback', { project_id: project, to_user_id: alice.id, score: 5 }),
      201,
    );
    expect(june.period).toBe('2026-06');
    const body = await eventually(aliceInSquad(alice), (b) => componentsByName(b).peer_score.data.feedback === 2);
    // peer mean (3 + 5) / 2 = 4 → 0.75; window April..June still holds May's 3 tasks
    // 0.175 + 0.06 + 0.25 + 0.15 × 0.75 = 0.5975 → 1 + 4 × 0.5975 = 3.39
    expect(body.overall_rating).toBe(3.39);
    expect(componentsByName(body).throughput.data).toMatchObject({
      window_from: '2026-04',
      window_to: '2026-06',
      completed_in_window: 3,
    });
  });

  it('of two feedbacks sent at once, exactly one is taken', async () => {
    const send = () =>
      onSquad(alice, 'POST', '/api/v1/feedback', { project_id: project, to_user_id: bob.id, score: 4 });
    const answers = await Promise.all([send(), send(), send()]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
  });

  it('a second review of the same month is a conflict; a month not begun is refused', async () => {
    const body = (period: string) => ({
      employee_id: alice.id,
      organization_id: org,
      period,
      scores: { quality: 1, delivery: 1, collaboration: 1 },
    });
    expectProblem(await onSquad(owner, 'POST', '/api/v1/reviews', body('2026-05')), 409, 'conflict');
    const future = expectProblem(await onSquad(owner, 'POST', '/api/v1/reviews', body('2026-07')), 400, 'validation');
    expect(future.errors?.map((e) => e.pointer)).toEqual(['/body/period']);
  });

  it('the team view shows every member and the projects, for owners and managers', async () => {
    const body = await eventually(
      () => onSquad(manager, 'GET', `/api/v1/performance/organizations/${org}`),
      (b) => b.projects[0]?.feedback.count === 3,
    );
    // rated: Alice 3.39, and Bob with his one feedback of 4 alone: (4 − 1) / 4 = 0.75 → 4; (3.39 + 4) / 2 = 3.695 → 3.7
    expect(body).toMatchObject({
      organization_id: org,
      name: 'Squad',
      summary: { members: 4, rated_members: 2, mean_overall_rating: 3.7 },
    });
    expect(body.members.map((m: { username: string; role: string }) => [m.username, m.role])).toEqual([
      ['olga', 'owner'],
      ['mona', 'manager'],
      ['alice', 'member'],
      ['bob', 'member'],
    ]);
    const aliceHere = body.members.find((m: { user_id: number }) => m.user_id === alice.id);
    expect(aliceHere).toMatchObject({
      overall_rating: 3.39,
      performance_rating: 4.33,
      tasks: { completed: 3, late: 1 },
    });
    const bobHere = body.members.find((m: { user_id: number }) => m.user_id === bob.id);
    expect(bobHere).toMatchObject({ overall_rating: 4, performance_rating: null, tasks: { completed: 0 } });
    expect(body.projects).toEqual([
      {
        project_id: project,
        name: 'Rocket',
        archived: false,
        tasks: { completed: 3, with_due_date: 2, on_time: 1, late: 1, without_due_date: 1, mean_cycle_hours: 1.33 },
        feedback: { count: 3, mean_score: 4 },
      },
    ]);
  });
});

describe('who may do and see what', () => {
  it('a member may not review', async () => {
    expectProblem(await onSquad(alice, 'POST', '/api/v1/reviews', fives(bob)), 403, 'forbidden');
  });

  it('nobody reviews themself or gives themself feedback', async () => {
    const self = expectProblem(await onSquad(manager, 'POST', '/api/v1/reviews', fives(manager)), 400, 'validation');
    expect(self.errors?.map((e) => e.pointer)).toEqual(['/body/employee_id']);
    const own = expectProblem(
      await onSquad(alice, 'POST', '/api/v1/feedback', { project_id: project, to_user_id: alice.id, score: 5 }),
      400,
      'validation',
    );
    expect(own.errors?.map((e) => e.pointer)).toEqual(['/body/to_user_id']);
  });

  it('feedback goes to members of the project only', async () => {
    const answer = await onSquad(alice, 'POST', '/api/v1/feedback', {
      project_id: project,
      to_user_id: outsider.id,
      score: 4,
    });
    expect(expectProblem(answer, 400, 'validation').errors?.map((e) => e.pointer)).toEqual(['/body/to_user_id']);
  });

  it("another organization's ids are refused on every route", async () => {
    // The outsider, in Squad's organization and project:
    expectProblem(await onSquad(outsider, 'POST', '/api/v1/reviews', fives(alice)), 404, 'not-found');
    expectProblem(
      await onSquad(outsider, 'POST', '/api/v1/feedback', { project_id: project, to_user_id: alice.id, score: 1 }),
      404,
      'not-found',
    );
    expectProblem(await onSquad(outsider, 'GET', `/api/v1/performance/organizations/${org}`), 404, 'not-found');
    expectProblem(await onSquad(outsider, 'GET', `/api/v1/performance/users/${bob.id}`), 404, 'not-found');
    expectProblem(
      await onSquad(outsider, 'GET', `/api/v1/performance/users/${alice.id}?organization_id=${org}`),
      404,
      'not-found',
    );
    // Squad's manager, in the outsider's organization and project:
    expectProblem(
      await onSquad(manager, 'POST', '/api/v1/reviews', fives(alice, { organization_id: otherOrg })),
      404,
      'not-found',
    );
    expectProblem(
      await onSquad(manager, 'POST', '/api/v1/feedback', { project_id: otherProject, to_user_id: alice.id, score: 1 }),
      404,
      'not-found',
    );
    expectProblem(await onSquad(manager, 'GET', `/api/v1/performance/organizations/${otherOrg}`), 404, 'not-found');
    expectProblem(
      await onSquad(manager, 'GET', `/api/v1/performance/users/${alice.id}?organization_id=${otherOrg}`),
      404,
      'not-found',
    );
    expectProblem(await onSquad(manager, 'GET', `/api/v1/performance/organizations/${randomUUID()}`), 404, 'not-found');
    expectProblem(await onSquad(manager, 'GET', '/api/v1/performance/organizations/not-a-uuid'), 404, 'not-found');
    expectProblem(await onSquad(manager, 'GET', '/api/v1/performance/users/not-a-number'), 404, 'not-found');
  });

  it("a manager sees a member's numbers of their own organization only", async () => {
    const body = await eventually(
      () => onSquad(manager, 'GET', `/api/v1/performance/users/${alice.id}`),
      () => true,
    );
    expect(body.organizations.map((o: { organization_id: string }) => o.organization_id)).toEqual([org]);
    expect(body.tasks.completed).toBe(3);
    // ...and the outsider, owner of Elsewhere, sees Elsewhere's only: one late task, no review, no feedback.
    const theirs = await eventually(
      () => onSquad(outsider, 'GET', `/api/v1/performance/users/${alice.id}`),
      () => true,
    );
    expect(theirs.organizations.map((o: { organization_id: string }) => o.organization_id)).toEqual([otherOrg]);
    expect(theirs.tasks).toMatchObject({ completed: 1, late: 1 });
    expect(theirs.performance_rating).toBeNull();
    // on_time 0 → 0, throughput 1/10 → 0.1; (0.35 × 0 + 0.20 × 0.1) / 0.55 = 0.036363…; 1 + 4 × 0.036363… = 1.145… → 1.15
    expect(theirs.overall_rating).toBe(1.15);
  });

  it("members see their own performance, not their teammates' nor the team's", async () => {
    expectProblem(await onSquad(bob, 'GET', `/api/v1/performance/users/${alice.id}`), 403, 'forbidden');
    expectProblem(
      await onSquad(bob, 'GET', `/api/v1/performance/users/${alice.id}?organization_id=${org}`),
      403,
      'forbidden',
    );
    expectProblem(await onSquad(alice, 'GET', `/api/v1/performance/organizations/${org}`), 403, 'forbidden');
    ok(await onSquad(bob, 'GET', `/api/v1/performance/users/${bob.id}`));
  });

  it('a missing or forged token is a 401 on every route', async () => {
    const tokens = await forgedTokens(atlas, owner.token, alice.id);
    const routes: [string, string, unknown?][] = [
      ['POST', '/api/v1/reviews', fives(alice, { period: '2026-06' })],
      ['POST', '/api/v1/feedback', { project_id: project, to_user_id: alice.id, score: 5 }],
      ['GET', `/api/v1/performance/users/${alice.id}`],
      ['GET', `/api/v1/performance/organizations/${org}`],
    ];
    for (const [method, path, body] of routes) {
      for (const token of [undefined, ...tokens]) {
        const answer = await request(squad, method, path, {
          ...(token ? { token } : {}),
          ...(body === undefined ? {} : { body }),
        });
        expectProblem(answer, 401, 'unauthorized');
      }
    }
  });

  it('health and the OpenAPI document need no token', async () => {
    expect(ok(await request(squad, 'GET', '/healthz'))).toMatchObject({ status: 'ok', service: 'scoresquad' });
    const document = ok(await request(squad, 'GET', '/openapi.json'));
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/api/v1/feedback',
        '/api/v1/performance/organizations/{organization_id}',
        '/api/v1/performance/organizations/{organization_id}/live',
        '/api/v1/performance/users/{user_id}',
        '/api/v1/reviews',
        '/healthz',
        '/openapi.json',
      ].sort(),
    );
  });
});
