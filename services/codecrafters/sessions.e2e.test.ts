/**
 * The sessions timeline over HTTP in the real system (`GET /api/v1/activity/sessions/users/:id`):
 * an organization in Asia/Kolkata (+05:30, midnight at 18:30 UTC) with a manager and members, and
 * an agent's minutes: two spans on a team task with idle minutes between them, the second across
 * the organization's midnight, the same minutes sent again from a second device, and a personal
 * quarter of an hour the team must not see. Reads are eventually consistent: polled with a deadline.
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
  type Crafters,
  type Person,
} from './e2e-fixture.js';

let c: Crafters;
const now = new Date('2026-03-10T12:00:00.000Z');
let olga: Person, mona: Person, alice: Person, bob: Person, xavier: Person;
let team: string;

const sessions = (who: Person | null, user: number | string, query = '') =>
  c.onCrafters(who, 'GET', `/api/v1/activity/sessions/users/${user}${query}`);
const spans = (body: { sessions: { started_at: string; ended_at: string; active_minutes: number }[] }) =>
  body.sessions.map((s) => [s.started_at.slice(0, 16), s.ended_at.slice(0, 16), s.active_minutes]);

beforeAll(async () => {
  c = await startCrafters(() => now);
  let project: string;
  ({ olga, mona, alice, bob, xavier, team, project } = await craftersTeam(c));
  const task = await c.task(mona, project, alice, null);
  await eventually(
    () => c.onCrafters(alice, 'GET', `/api/v1/productivity/tasks/${task}`),
    () => true,
  );

  const records = [
    ...minutes('2026-03-08T16:30:00Z', 60, { task_id: task }), // 22:00–23:00 in Kolkata
    ...minutes('2026-03-08T17:30:00Z', 30, { task_id: task, ...IDLE }), // idle: a gap
    ...minutes('2026-03-08T18:00:00Z', 60, { task_id: task }), // 23:30 on the 8th to 00:30 on the 9th in Kolkata
    ...minutes('2026-03-08T18:00:00Z', 10, { task_id: task, device_id: 'desktop' }), // the same minutes from another device
    ...minutes('2026-03-09T10:00:00Z', 15), // personal (UTC): not the team's
  ];
  expect(ok(await c.onCrafters(alice, 'POST', '/api/v1/activity/log', { records }), 202)).toEqual({
    accepted: records.length,
    refused: [],
  });
  await eventually(
    () => sessions(alice, alice.id, '?from=2026-03-08&to=2026-03-09'),
    (b) => b.active_minutes === 135,
  );
}, 120_000);

afterAll(async () => {
  await c?.system.stop();
});

describe('the spans', () => {
  it('yourself: every active minute, split at a gap (idle minutes are a gap), each minute once whatever the devices, days cut in your zone', async () => {
    const body = ok(await sessions(alice, alice.id, '?from=2026-03-08&to=2026-03-09'));
    expect(body).toMatchObject({
      user_id: alice.id,
      organization_id: null,
      timezone: 'UTC',
      from: '2026-03-08',
      to: '2026-03-09',
      active_minutes: 135,
    });
    expect(spans(body)).toEqual([
      ['2026-03-08T16:30', '2026-03-08T17:30', 60],
      ['2026-03-08T18:00', '2026-03-08T19:00', 60],
      ['2026-03-09T10:00', '2026-03-09T10:15', 15],
    ]);
  });

  it("a manager: the member's minutes attributed to the organization, one span across its midnight (18:30 UTC), by default the last 7 days in its zone", async () => {
    const body = ok(await sessions(mona, alice.id));
    expect(body).toMatchObject({
      user_id: alice.id,
      organization_id: team,
      timezone: 'Asia/Kolkata',
      from: '2026-03-04',
      to: '2026-03-10',
      active_minutes: 120,
    });
    expect(spans(body)).toEqual([
      ['2026-03-08T16:30', '2026-03-08T17:30', 60],
      ['2026-03-08T18:00', '2026-03-08T19:00', 60],
    ]);
    expect(ok(await sessions(olga, alice.id))).toEqual(body);
    expect(
      ok(await sessions(alice, alice.id, `?organization_id=${team}`)),
      'yourself, narrowed to the organization',
    ).toEqual(body);
  });

  it('the range holds the minutes of its days only: a span across a bound is cut at midnight in the zone of the answer', async () => {
    expect(spans(ok(await sessions(mona, alice.id, '?from=2026-03-09&to=2026-03-09')))).toEqual([
      ['2026-03-08T18:30', '2026-03-08T19:00', 30],
    ]);
    expect(spans(ok(await sessions(mona, alice.id, '?from=2026-03-08&to=2026-03-08')))).toEqual([
      ['2026-03-08T16:30', '2026-03-08T17:30', 60],
      ['2026-03-08T18:00', '2026-03-08T18:30', 30],
    ]);
    expect(spans(ok(await sessions(alice, alice.id, '?from=2026-03-09&to=2026-03-09')))).toEqual([
      ['2026-03-09T10:00', '2026-03-09T10:15', 15],
    ]);
    expect(ok(await sessions(mona, alice.id, '?from=2026-03-01&to=2026-03-07'))).toMatchObject({
      active_minutes: 0,
      sessions: [],
    });
  });

  it('from and to are parsed and bounded as in the productivity answers', async () => {
    expect(ok(await sessions(alice, alice.id, '?from=2026-03-09'))).toMatchObject({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    const after = expectProblem(await sessions(alice, alice.id, '?from=2026-03-09&to=2026-03-08'), 400, 'validation');
    expect(after.errors?.map((e) => e.pointer)).toEqual(['/query/from']);
    const long = expectProblem(await sessions(alice, alice.id, '?from=2025-01-01&to=2026-03-09'), 400, 'validation');
    expect(long.errors?.map((e) => e.pointer)).toEqual(['/query/to']);
    expectProblem(await sessions(alice, alice.id, '?to=2026-02-30'), 400, 'validation');
    expect(ok(await sessions(alice, alice.id, '?from=2025-03-10&to=2026-03-10'))).toMatchObject({
      active_minutes: 135,
    }); // 366 days
  });
});

describe('who sees whose spans', () => {
  it('a member sees their own only: a teammate is 403', async () => {
    expect(ok(await sessions(bob, bob.id))).toMatchObject({
      user_id: bob.id,
      organization_id: null,
      active_minutes: 0,
      sessions: [],
    });
    expectProblem(await sessions(bob, alice.id), 403, 'forbidden');
    expectProblem(await sessions(bob, alice.id, `?organization_id=${team}`), 403, 'forbidden');
  });

  it('an outsider, an unknown user or organization, and a user id that is not one are 404; no token is 401', async () => {
    expectProblem(await sessions(xavier, alice.id), 404, 'not-found');
    expectProblem(await sessions(xavier, alice.id, `?organization_id=${team}`), 404, 'not-found');
    expectProblem(await sessions(mona, alice.id, `?organization_id=${randomUUID()}`), 404, 'not-found');
    expectProblem(await sessions(mona, alice.id, '?organization_id=not-a-uuid'), 404, 'not-found');
    expectProblem(await sessions(mona, 'not-a-number'), 404, 'not-found');
    expectProblem(await sessions(mona, 99_999), 404, 'not-found');
    expectProblem(await sessions(null, alice.id), 401, 'unauthorized');
  });

  it('is declared in the OpenAPI document with its answer', async () => {
    const document = ok(await request(c.crafters, 'GET', '/openapi.json'));
    const operation = document.paths['/api/v1/activity/sessions/users/{user_id}'].get;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    expect(JSON.stringify(operation.responses['200'])).toContain('active_minutes');
  });
});
