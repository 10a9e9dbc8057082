/**
 * Code Crafters over HTTP in the real system: real users (registered and logged in through
 * Atlas), an organization in Asia/Kolkata (+05:30) with a manager and members, agent batches
 * over several days (one across the organization's midnight, 18:30 UTC), and the answers' numbers
 * computed by hand. Reads are eventually consistent: they are polled with a deadline.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IDLE,
  eventually,
  expectProblem,
  minutes,
  ok,
  request,
  craftersTeam,
  startCrafters,
  type AgentRecord,
  type Crafters,
  type Person,
} from './e2e-fixture.js';

let c: Crafters;
const now = new Date('2026-03-10T12:00:00.000Z');
let olga: Person, mona: Person, alice: Person, bob: Person, xavier: Person;
let team: string, elsewhere: string, taskA: string, taskB: string, taskE: string;
const alicesFirstDay: AgentRecord[] = [];

const get = (who: Person, path: string) => () => c.onCrafters(who, 'GET', path);
const post = (who: Person, records: AgentRecord[]) => c.onCrafters(who, 'POST', '/api/v1/activity/log', { records });
const range = '?from=2026-03-04&to=2026-03-10';
const H = 3_600;

beforeAll(async () => {
  c = await startCrafters(() => now);
  let project: string;
  ({ olga, mona, alice, bob, xavier, team, project } = await craftersTeam(c));
  taskA = await c.task(mona, project, alice, null);
  taskB = await c.task(mona, project, bob, null);
  // Xavier's organization (UTC), where Alice also works: none of it may show in Crafters' answers.
  elsewhere = ok(await c.onAtlas(xavier, 'POST', '/api/v1/organizations', { name: 'Elsewhere' }), 201).id;
  ok(
    await c.onAtlas(xavier, 'POST', `/api/v1/organizations/${elsewhere}/members`, {
      user_id: alice.id,
      role: 'member',
    }),
    201,
  );
  const side = ok(
    await c.onAtlas(xavier, 'POST', `/api/v1/organizations/${elsewhere}/projects`, { name: 'Side' }),
    201,
  ).id;
  taskE = await c.task(xavier, side, alice, null);
  // The read models know the tasks and memberships before the agents send records that name them.
  for (const [who, task] of [
    [alice, taskA],
    [bob, taskB],
    [alice, taskE],
  ] as const)
    await eventually(get(who, `/api/v1/productivity/tasks/${task}`), () => true);
  await eventually(get(olga, `/api/v1/productivity/teams/${team}`), (b) => b.members.length === 4);

  // Bob's activity without a task goes to Crafters, and his days follow its zone.
  const profile = ok(
    await c.onCrafters(bob, 'PUT', `/api/v1/productivity/profiles/${bob.id}`, { default_organization_id: team }),
  );
  expect(profile).toMatchObject({ default_organization_id: team, timezone: null, effective_timezone: 'Asia/Kolkata' });

  alicesFirstDay.push(...minutes('2026-03-05T03:30:00Z', 420, { task_id: taskA })); // 7 h, 09:00–16:00 in Kolkata
  const batches: [Person, AgentRecord[]][] = [
    [alice, alicesFirstDay],
    [alice, minutes('2026-03-06T03:30:00Z', 360, { task_id: taskA })], // 6 h
    // 6.5 h from 22:00 on the 8th to 04:30 on the 9th in Kolkata: 2 h + 4.5 h; all on the 8th in UTC
    [alice, minutes('2026-03-08T16:30:00Z', 390, { task_id: taskA, tz_offset_minutes: 330 })],
    [alice, [...minutes('2026-03-07T10:00:00Z', 60), ...minutes('2026-03-07T12:00:00Z', 60, { task_id: taskE })]], // personal 1 h, Elsewhere 1 h
    [bob, minutes('2026-03-05T04:00:00Z', 300, { task_id: taskB })], // 5 h
    [bob, minutes('2026-03-06T03:30:00Z', 480, { active_seconds: 30 })], // 480 half-active minutes: 4 h
    [bob, minutes('2026-03-07T05:00:00Z', 30, IDLE)], // idle
  ];
  for (const [who, records] of batches)
    expect(ok(await post(who, records), 202)).toEqual({ accepted: records.length, refused: [] });
}, 120_000);

afterAll(async () => {
  await c?.system.stop();
});

const teamAnswer = (who: Person) =>
  eventually(get(who, `/api/v1/productivity/teams/${team}${range}`), (b) => b.total_productive_seconds === 28.5 * H);

describe('the team answer (owners and managers), days cut in Kolkata', () => {
  it('averages productive hours over the member-days with any activity, exactly', async () => {
    const body = await teamAnswer(mona);
    // Alice 7 + 6 + 2 + 4.5, Bob 5 + 4 (his idle day is not a member-day): 28.5 h / 6 = 4.75
    expect(body).toMatchObject({
      organization_id: team,
      timezone: 'Asia/Kolkata',
      from: '2026-03-04',
      to: '2026-03-10',
      total_productive_hours: 28.5,
      active_member_days: 6,
      average_productive_hours_per_day: 4.75,
    });
    expect(
      body.days.map((d: Record<string, number>) => [
        d.date,
        d.productive_hours,
        d.active_members,
        d.average_productive_hours_per_member,
      ]),
    ).toEqual([
      ['2026-03-04', 0, 0, 0],
      ['2026-03-05', 12, 2, 6],
      ['2026-03-06', 10, 2, 5],
      ['2026-03-07', 0, 0, 0],
      ['2026-03-08', 2, 1, 2],
      ['2026-03-09', 4.5, 1, 4.5],
      ['2026-03-10', 0, 0, 0],
    ]);
    expect(body.days[1]).toMatchObject({ productive_seconds: 12 * H, keystrokes: 720 * 20, clicks: 720 * 3 });
    expect(
      body.members.map((m: Record<string, unknown>) => [
        m.username,
        m.role,
        m.productive_hours,
        m.active_days,
        m.average_productive_hours_per_day,
      ]),
    ).toEqual([
      ['alice', 'member', 19.5, 4, 4.88], // 19.5 / 4 = 4.875
      ['bob', 'member', 9, 2, 4.5],
      // nothing logged: by user id
      ...[olga, mona]
        .sort((a, b) => a.id - b.id)
        .map((p) => [p === olga ? 'olga' : 'mona', p === olga ? 'owner' : 'manager', 0, 0, 0]),
    ]);
    expect(await teamAnswer(olga)).toEqual(body);
  });

  it('a shorter range holds only its days', async () => {
    const body = ok(
      await c.onCrafters(olga, 'GET', `/api/v1/productivity/teams/${team}?from=2026-03-08&to=2026-03-09`),
    );
    expect(body).toMatchObject({
      total_productive_hours: 6.5,
      active_member_days: 2,
      average_productive_hours_per_day: 3.25,
    });
  });
});

describe('the user answer', () => {
  it("yourself: all your activity, every organization's, days cut in your zone (UTC)", async () => {
    const body = await eventually(
      get(alice, `/api/v1/productivity/users/${alice.id}${range}`),
      (b) => b.total_productive_seconds === 21.5 * H,
    );
    expect(body).toMatchObject({
      user_id: alice.id,
      organization_id: null,
      timezone: 'UTC',
      total_productive_hours: 21.5,
      active_days: 4,
      average_productive_hours_per_active_day: 5.38,
    });
    expect(body.days.map((d: Record<string, number>) => [d.date, d.productive_hours, d.active_minutes])).toEqual([
      ['2026-03-04', 0, 0],
      ['2026-03-05', 7, 420],
      ['2026-03-06', 6, 360],
      ['2026-03-07', 2, 120],
      ['2026-03-08', 6.5, 390],
      ['2026-03-09', 0, 0],
      ['2026-03-10', 0, 0],
    ]);
    expect(body.days[4]).toMatchObject({
      first_activity_at: '2026-03-08T16:30:00.000Z',
      last_activity_at: '2026-03-08T23:00:00.000Z',
    });
  });

  it("a member's days follow their default organization's zone; an idle day counts no productive time", async () => {
    const body = await eventually(
      get(bob, `/api/v1/productivity/users/${bob.id}${range}`),
      (b) => b.total_productive_seconds === 9 * H,
    );
    expect(body).toMatchObject({ timezone: 'Asia/Kolkata', total_productive_hours: 9, active_days: 2 });
    expect(
      body.days.slice(1, 4).map((d: Record<string, number>) => [d.date, d.productive_hours, d.active_minutes]),
    ).toEqual([
      ['2026-03-05', 5, 300],
      ['2026-03-06', 4, 480],
      ['2026-03-07', 0, 0],
    ]);
  });

  it("a manager sees a member's activity in their organization only, cut in its zone", async () => {
    const body = await eventually(
      get(mona, `/api/v1/productivity/users/${alice.id}${range}`),
      (b) => b.total_productive_seconds === 19.5 * H,
    );
    expect(body).toMatchObject({
      organization_id: team,
      timezone: 'Asia/Kolkata',
      total_productive_hours: 19.5,
      active_days: 4,
    });
    expect(
      body.days
        .filter((d: { productive_hours: number }) => d.productive_hours > 0)
        .map((d: Record<string, number>) => [d.date, d.productive_hours]),
    ).toEqual([
      ['2026-03-05', 7],
      ['2026-03-06', 6],
      ['2026-03-08', 2],
      ['2026-03-09', 4.5],
    ]);
    // ...and Xavier, owner of Elsewhere, sees Elsewhere's hour only.
    const theirs = await eventually(
      get(xavier, `/api/v1/productivity/users/${alice.id}${range}`),
      (b) => b.total_productive_seconds === H,
    );
    expect(theirs).toMatchObject({
      organization_id: elsewhere,
      timezone: 'UTC',
      total_productive_hours: 1,
      active_days: 1,
    });
  });

  it('your own hours of a day, in your zone', async () => {
    const body = await eventually(
      get(alice, `/api/v1/productivity/users/${alice.id}/hours?date=2026-03-08`),
      (b) => b.hours[22].productive_seconds === H,
    );
    expect(body.hours.map((h: { productive_hours: number }) => h.productive_hours)).toEqual([
      ...Array(16).fill(0),
      0.5,
      1,
      1,
      1,
      1,
      1,
      1,
      0,
    ]);
  });
});

describe('the task answer', () => {
  const taskAnswer = (who: Person, task: string, seconds: number) =>
    eventually(get(who, `/api/v1/productivity/tasks/${task}`), (b) => b.total_productive_seconds === seconds);

  it("owners and managers see everyone's time on the task; members their own", async () => {
    const body = await taskAnswer(mona, taskA, 19.5 * H);
    expect(body).toMatchObject({
      task_id: taskA,
      organization_id: team,
      scope: 'team',
      total_productive_hours: 19.5,
      active_minutes: 1170,
    });
    expect(body).toMatchObject({
      first_activity_at: '2026-03-05T03:30:00.000Z',
      last_activity_at: '2026-03-08T23:00:00.000Z',
    });
    expect(body.users).toEqual([
      {
        user_id: alice.id,
        username: 'alice',
        productive_seconds: 19.5 * H,
        productive_hours: 19.5,
        active_minutes: 1170,
        first_activity_at: '2026-03-05T03:30:00.000Z',
        last_activity_at: '2026-03-08T23:00:00.000Z',
      },
    ]);
    expect(await taskAnswer(alice, taskA, 19.5 * H)).toMatchObject({ scope: 'own', users: [{ user_id: alice.id }] });
    expect(await taskAnswer(bob, taskA, 0)).toMatchObject({ scope: 'own', users: [], first_activity_at: null });
    expect(await taskAnswer(bob, taskB, 5 * H)).toMatchObject({
      scope: 'own',
      total_productive_hours: 5,
      active_minutes: 300,
    });
    expect(await taskAnswer(xavier, taskE, H)).toMatchObject({
      scope: 'team',
      organization_id: elsewhere,
      users: [{ user_id: alice.id }],
    });
  });
});

describe('idempotency', () => {
  it('a resent batch is accepted, stores nothing and changes no number', async () => {
    const before = await teamAnswer(olga);
    const head = await c.head();
    expect(ok(await post(alice, alicesFirstDay), 202)).toEqual({ accepted: 420, refused: [] });
    expect(await c.head()).toBe(head);
    // One old record and one new: only the new one is stored.
    const extra = minutes('2026-03-09T10:00:00Z', 1, { task_id: taskA, active_seconds: 36 });
    expect(ok(await post(alice, [alicesFirstDay[0]!, ...extra]), 202)).toEqual({ accepted: 2, refused: [] });
    expect(await c.head()).toBe(head + 1);
    const after = await eventually(
      get(olga, `/api/v1/productivity/teams/${team}${range}`),
      (b) => b.total_productive_seconds === 28.5 * H + 36,
    );
    expect(after.days[5].productive_seconds).toBe(before.days[5].productive_seconds + 36);
    expect(
      after.days
        .map((d: { productive_seconds: number }) => d.productive_seconds)
        .filter((_: unknown, i: number) => i !== 5),
    ).toEqual(
      before.days
        .map((d: { productive_seconds: number }) => d.productive_seconds)
        .filter((_: unknown, i: number) => i !== 5),
    );
    expect(after.active_member_days).toBe(6);
  });

  it('the same batch sent three times at once is stored once', async () => {
    const head = await c.head();
    const batch = minutes('2026-03-09T11:00:00Z', 5, { task_id: taskA, active_seconds: 0 });
    const answers = await Promise.all([post(alice, batch), post(alice, batch), post(alice, batch)]);
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(3).fill([202, { accepted: 5, refused: [] }]));
    expect(await c.head()).toBe(head + 5);
  });
});

describe('who sees what', () => {
  it("a member sees neither a teammate's activity nor the team's", async () => {
    for (const path of [
      `/users/${alice.id}`,
      `/users/${alice.id}?organization_id=${team}`,
      `/users/${alice.id}/hours`,
      `/teams/${team}`,
      `/profiles/${alice.id}`,
    ]) {
      expectProblem(await c.onCrafters(bob, 'GET', `/api/v1/productivity${path}`), 403, 'forbidden');
    }
    expectProblem(
      await c.onCrafters(bob, 'PUT', `/api/v1/productivity/profiles/${alice.id}`, { idle_threshold_minutes: 9 }),
      403,
      'forbidden',
    );
  });

  it("a manager reads members' profiles but never changes them, nor reads their hours", async () => {
    expect(ok(await c.onCrafters(mona, 'GET', `/api/v1/productivity/profiles/${alice.id}`))).toMatchObject({
      user_id: alice.id,
      idle_threshold_minutes: 5,
      work_hours_start: '09:00',
      work_hours_end: '17:00',
      timezone: null,
      effective_timezone: 'UTC',
      tracking_enabled: true,
      default_organization_id: null,
    });
    expectProblem(
      await c.onCrafters(mona, 'PUT', `/api/v1/productivity/profiles/${alice.id}`, { tracking_enabled: false }),
      403,
      'forbidden',
    );
    expectProblem(await c.onCrafters(mona, 'GET', `/api/v1/productivity/users/${alice.id}/hours`), 403, 'forbidden');
  });

  it("a profile names the default organization only to members of it, not another organization's manager", async () => {
    ok(
      await c.onCrafters(alice, 'PUT', `/api/v1/productivity/profiles/${alice.id}`, {
        default_organization_id: elsewhere,
      }),
    );
    const read = (who: Person) =>
      eventually(get(who, `/api/v1/productivity/profiles/${alice.id}`), (b) => b.updated_at !== null);
    expect(await read(alice)).toMatchObject({ default_organization_id: elsewhere });
    expect(await read(xavier)).toMatchObject({ default_organization_id: elsewhere });
    expect(await read(mona)).toMatchObject({ user_id: alice.id, default_organization_id: null });
  });

  it("an outsider is refused on every Code Crafters route, and another organization's ids are refused to a manager", async () => {
    const head = await c.head();
    const refusals: [Person, string, string, unknown, number][] = [
      [xavier, 'GET', `/teams/${team}`, undefined, 404],
      [xavier, 'GET', `/users/${bob.id}`, undefined, 404],
      [xavier, 'GET', `/users/${alice.id}?organization_id=${team}`, undefined, 404],
      [xavier, 'GET', `/users/${bob.id}/hours`, undefined, 404],
      [xavier, 'GET', `/tasks/${taskA}`, undefined, 404],
      [xavier, 'GET', `/profiles/${bob.id}`, undefined, 404],
      [xavier, 'PUT', `/profiles/${bob.id}`, { tracking_enabled: false }, 404],
      [xavier, 'PUT', `/profiles/${xavier.id}`, { default_organization_id: team }, 400],
      [mona, 'GET', `/teams/${elsewhere}`, undefined, 404],
      [mona, 'GET', `/users/${alice.id}?organization_id=${elsewhere}`, undefined, 404],
      [mona, 'GET', `/tasks/${taskE}`, undefined, 404],
      [mona, 'GET', `/teams/${randomUUID()}`, undefined, 404],
      [mona, 'GET', `/users/not-a-number`, undefined, 404],
    ];
    for (const [who, method, path, body, status] of refusals) {
      const answer = await c.onCrafters(who, method, `/api/v1/productivity${path}`, body);
      expectProblem(answer, status, status === 400 ? 'validation' : 'not-found');
    }
    // Recording time on another organization's task:
    const answer = expectProblem(
      await post(xavier, minutes('2026-03-09T10:00:00Z', 2, { task_id: taskA })),
      400,
      'validation',
    );
    expect(answer.errors?.map((e) => e.pointer)).toEqual(['/body/records/0/task_id', '/body/records/1/task_id']);
    expect(await c.head(), 'a refusal appends nothing').toBe(head);
  });

  it('every route needs a token, and the routes above are all there is', async () => {
    const document = ok(await request(c.crafters, 'GET', '/openapi.json'));
    const routes = Object.entries(document.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /healthz',
        'GET /openapi.json',
        'POST /api/v1/activity/log',
        'GET /api/v1/activity/sessions/users/{user_id}',
        'GET /api/v1/productivity/users/{user_id}',
        'GET /api/v1/productivity/users/{user_id}/hours',
        'GET /api/v1/productivity/teams/{organization_id}',
        'GET /api/v1/productivity/tasks/{task_id}',
        'GET /api/v1/productivity/profiles/{user_id}',
        'PUT /api/v1/productivity/profiles/{user_id}',
        'GET /api/v1/productivity/live',
      ].sort(),
    );
    for (const route of routes.filter((r) => !/healthz|openapi/.test(r))) {
      const [method, template] = route.split(' ') as [string, string];
      const path = template
        .replace('{user_id}', String(alice.id))
        .replace('{organization_id}', team)
        .replace('{task_id}', taskA);
      expectProblem(
        await request(c.crafters, method, path, method === 'GET' ? {} : { body: { records: [] } }),
        401,
        'unauthorized',
      );
    }
  });
});
