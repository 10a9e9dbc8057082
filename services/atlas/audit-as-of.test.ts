/**
 * `GET /api/v1/audit/streams/:stream/as-of?at=` in the real system (SQLite stores in a temp dir,
 * the projector, Atlas on an ephemeral port, real tokens): a task created, assigned, started and
 * completed, a project archived and an organization that grew and was renamed, each on a clock
 * the test sets, then seen as of the moments between the steps, and at them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasProjections } from '../../projections/atlas/index.js';
import { startTestSystem, type TestSystem } from '../../system/test-system.js';
import { clients, eventually, ok, type Person } from '../scoresquad/e2e-fixture.js';
import { expectProblem, pointersOf, request, type Answer } from './fixture.js';
import { atlasService } from './index.js';

let system: TestSystem;
let atlas: string;
let now = new Date('2026-03-02T09:00:00.000Z');
let olga: Person, mona: Person, alice: Person, xavier: Person;
let org: string, project: string, task: string;

const at = (time: string) => `2026-03-02T${time}`;
const call = (who: Person | null, method: string, path: string, body?: unknown) =>
  request(atlas, method, path, { ...(who ? { token: who.token } : {}), ...(body === undefined ? {} : { body }) });
/** The as-of route, `at` encoded as a client must (`+` is a space in a query string). */
const asOf = (who: Person | null, stream: string, moment: string) =>
  call(who, 'GET', `/api/v1/audit/streams/${stream}/as-of?at=${encodeURIComponent(moment)}`);
/** A step of the story, on the clock at `time`. */
async function step(time: string, who: Person, method: string, path: string, body?: unknown) {
  now = new Date(at(time));
  const answer = await call(who, method, path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  return answer.body;
}

beforeAll(async () => {
  system = await startTestSystem({ clock: () => now, projections: atlasProjections, modules: [atlasService] });
  atlas = system.urls.atlas!;
  const { person } = clients(atlas, atlas);
  [olga, mona, alice, xavier] = (await Promise.all(['olga', 'mona', 'alice', 'xavier'].map(person))) as [
    Person,
    Person,
    Person,
    Person,
  ];
  org = (await step('09:00:00.000Z', olga, 'POST', '/api/v1/organizations', { name: 'Acme' })).id;
  await step('09:00:00.000Z', olga, 'POST', `/api/v1/organizations/${org}/members`, {
    user_id: alice.id,
    role: 'member',
  });
  await step('09:01:00.000Z', olga, 'POST', `/api/v1/organizations/${org}/members`, {
    user_id: mona.id,
    role: 'manager',
  });
  project = (
    await step('09:02:00.000Z', olga, 'POST', `/api/v1/organizations/${org}/projects`, {
      name: 'Rocket',
      description: 'To the moon',
    })
  ).id;
  task = (
    await step('09:10:00.000Z', olga, 'POST', `/api/v1/projects/${project}/tasks`, {
      title: 'Fuel',
      description: 'Fill the tanks',
      due_date: '2026-03-20',
    })
  ).id;
  await step('09:20:00.000Z', olga, 'POST', `/api/v1/tasks/${task}/assign`, { user_id: alice.id });
  await step('09:30:00.000Z', alice, 'POST', `/api/v1/tasks/${task}/start`);
  await step('09:40:00.000Z', alice, 'POST', `/api/v1/tasks/${task}/complete`);
  await step('09:50:00.000Z', mona, 'POST', `/api/v1/projects/${project}/archive`);
  await step('09:55:00.000Z', mona, 'PATCH', `/api/v1/organizations/${org}`, { name: 'Acme Rockets' });
  // Who may audit is read from the memberships read model: wait until the projector has them all.
  await eventually(
    () => call(olga, 'GET', `/api/v1/organizations/${org}/members`),
    (page) => page.total === 3,
  );
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

describe('a task as of each moment of its life', () => {
  const taskStream = () => `atlas-task-${task}`;
  const created = () => ({
    id: task,
    project_id: project,
    organization_id: org,
    title: 'Fuel',
    description: 'Fill the tanks',
    due_date: '2026-03-20',
    status: 'open',
    assignee_id: null,
    created_by: olga.id,
    created_at: at('09:10:00.000Z'),
    started_at: null,
    completed_at: null,
  });

  it('did not exist before it was created: exists false, no revision, a null state', async () => {
    const moment = at('09:09:59.999Z');
    expect(ok(await asOf(olga, taskStream(), moment))).toEqual({
      stream: taskStream(),
      kind: 'task',
      at: moment,
      revision: null,
      events_folded: 0,
      exists: false,
      state: null,
    });
  });

  it('at exactly the instant of its creation, it exists (an event at `at` is folded)', async () => {
    const moment = at('09:10:00.000Z');
    expect(ok(await asOf(olga, taskStream(), moment))).toEqual({
      stream: taskStream(),
      kind: 'task',
      at: moment,
      revision: 0,
      events_folded: 1,
      exists: true,
      state: created(),
    });
  });

  it('shows each status between the steps, and each step from its own instant on', async () => {
    const moments: [string, string, number | null, number][] = [
      // [at, status, assignee, revision]
      [at('09:15:00Z'), 'open', null, 0],
      [at('09:19:59.999Z'), 'open', null, 0],
      [at('09:20:00Z'), 'open', alice.id, 1],
      [at('10:25:00+01:00'), 'open', alice.id, 1], // 09:25Z, said in another zone
      [at('09:29:59.999Z'), 'open', alice.id, 1],
      [at('09:30:00Z'), 'started', alice.id, 2],
      [at('09:35:00Z'), 'started', alice.id, 2],
      [at('09:39:59.999Z'), 'started', alice.id, 2],
      [at('09:40:00.000Z'), 'completed', alice.id, 3],
      [at('09:45:00Z'), 'completed', alice.id, 3],
    ];
    for (const [moment, status, assignee_id, revision] of moments) {
      const answer = ok(await asOf(olga, taskStream(), moment));
      expect(answer, moment).toMatchObject({
        at: moment,
        revision,
        events_folded: revision + 1,
        exists: true,
        state: { status, assignee_id },
      });
    }
    const completed = ok(await asOf(olga, taskStream(), at('09:45:00Z')));
    expect(completed.state).toEqual({
      ...created(),
      status: 'completed',
      assignee_id: alice.id,
      started_at: at('09:30:00.000Z'),
      completed_at: at('09:40:00.000Z'),
    });
  });

  it('as of a moment in the future, it is the task as it is now', async () => {
    const answer = ok(await asOf(olga, taskStream(), '2100-01-01T00:00:00Z'));
    expect(answer).toMatchObject({ revision: 3, events_folded: 4, exists: true });
    expect(answer.state).toEqual(ok(await call(olga, 'GET', `/api/v1/tasks/${task}`)));
  });

  it('a stream name in capitals names the same task, and answers with its own name', async () => {
    const answer = ok(await asOf(olga, `atlas-task-${task.toUpperCase()}`, at('09:30:00Z')));
    expect(answer).toMatchObject({ stream: taskStream(), state: { id: task, status: 'started' } });
  });
});

describe('a project and an organization as of a moment', () => {
  it('a project: absent, then its name and description, then archived', async () => {
    const stream = `atlas-project-${project}`;
    expect(ok(await asOf(olga, stream, at('09:01:59.999Z')))).toMatchObject({ exists: false, state: null });
    const live = ok(await asOf(olga, stream, at('09:49:59.999Z')));
    expect(live).toMatchObject({ kind: 'project', revision: 0, events_folded: 1, exists: true });
    expect(live.state).toEqual({
      id: project,
      organization_id: org,
      name: 'Rocket',
      description: 'To the moon',
      archived: false,
      created_by: olga.id,
      created_at: at('09:02:00.000Z'),
      archived_at: null,
    });
    const archived = ok(await asOf(olga, stream, at('09:50:00Z')));
    expect(archived).toMatchObject({ revision: 1, state: { archived: true, archived_at: at('09:50:00.000Z') } });
    expect(archived.state).toEqual(ok(await call(olga, 'GET', `/api/v1/projects/${project}`)));
  });

  it('an organization: its name and its members with their roles, as they were', async () => {
    const stream = `atlas-organization-${org}`;
    const founding = ok(await asOf(mona, stream, at('09:00:30Z')));
    // OrganizationCreated, and olga's and alice's MemberAdded, all at 09:00.
    expect(founding).toMatchObject({ kind: 'organization', revision: 2, events_folded: 3, exists: true });
    expect(founding.state).toEqual({
      id: org,
      name: 'Acme',
      owner_id: olga.id,
      personal: false,
      timezone: 'UTC',
      created_at: at('09:00:00.000Z'),
      members: [
        { user_id: olga.id, username: 'olga', role: 'owner', joined_at: at('09:00:00.000Z') },
        { user_id: alice.id, username: 'alice', role: 'member', joined_at: at('09:00:00.000Z') },
      ],
    });
    const grown = ok(await asOf(mona, stream, at('09:54:59.999Z')));
    expect(grown.state.name).toBe('Acme');
    expect(grown.state.members.map((m: { user_id: number; role: string }) => [m.user_id, m.role])).toEqual([
      [olga.id, 'owner'],
      [alice.id, 'member'],
      [mona.id, 'manager'],
    ]);
    const renamed = ok(await asOf(mona, stream, at('09:55:00Z')));
    expect(renamed).toMatchObject({ revision: 4, events_folded: 5, state: { name: 'Acme Rockets' } });
    expect(renamed.state).toEqual(ok(await call(olga, 'GET', `/api/v1/organizations/${org}`)));
    expect(ok(await asOf(mona, stream, at('08:59:59.999Z')))).toMatchObject({ exists: false, state: null });
  });
});

describe('who may ask', () => {
  const streams = () => [`atlas-organization-${org}`, `atlas-project-${project}`, `atlas-task-${task}`];
  const both = (stream: string) => [
    `/api/v1/audit/streams/${stream}/as-of?at=${encodeURIComponent(at('09:35:00Z'))}`,
    `/api/v1/audit/streams/${stream}`,
  ];

  it('owners and managers of the organization: 200, on the as-of view and the audit trail alike', async () => {
    for (const stream of streams())
      for (const path of both(stream)) {
        expect((await call(olga, 'GET', path)).status, path).toBe(200);
        expect((await call(mona, 'GET', path)).status, path).toBe(200);
      }
  });

  it('a member who is neither: 403; an outsider: 404, as for an entity that does not exist', async () => {
    for (const stream of streams())
      for (const path of both(stream)) {
        expectProblem(await call(alice, 'GET', path), 403, 'forbidden');
        expectProblem(await call(xavier, 'GET', path), 404, 'not-found');
      }
    for (const stream of [`atlas-task-${randomUUID()}`, `atlas-project-${randomUUID()}`])
      expectProblem(await asOf(olga, stream, at('09:35:00Z')), 404, 'not-found');
    expectProblem(await asOf(olga, `atlas-organization-${randomUUID()}`, at('09:35:00Z')), 404, 'not-found');
  });

  it('without a token: 401', async () => {
    const answer = await asOf(null, `atlas-task-${task}`, at('09:35:00Z'));
    expectProblem(answer, 401, 'unauthorized');
  });
});

describe('what is refused with a 400', () => {
  const validation = (answer: Answer) => {
    expect(pointersOf(answer)).toEqual(['/query/at']);
    return expectProblem(answer, 400, 'validation').errors![0]!.detail;
  };
  const path = (query: string) => `/api/v1/audit/streams/atlas-task-${task}/as-of${query}`;

  it('a user stream, or any other that is not an entity stream, whoever asks', async () => {
    for (const stream of [`atlas-user-${olga.id}`, 'atlas-username-olga', 'atlas-user-ids', `atlas-task-${task}x`]) {
      const answer = await asOf(olga, stream, at('09:35:00Z'));
      expect(pointersOf(answer), stream).toEqual(['/params/stream']);
    }
  });

  it('a missing `at`, named as required', async () => {
    expect(validation(await call(olga, 'GET', path('')))).toMatch(/^required: an ISO 8601 date-time/);
  });

  it('an `at` that is not an instant with seconds and an offset', async () => {
    for (const moment of [
      'yesterday',
      '',
      '2026-03-02', // a day: it starts in some zone
      '2026-03-02T09:35:00', // a local time: in which zone?
      '2026-03-02T09:35Z', // no seconds
      '2026-03-02 09:35:00Z',
      '2026-02-30T09:35:00Z', // no such day
      '2026-03-02T24:00:00Z',
      '2026-03-02T09:35:00+0100',
      '1772443500000',
    ]) {
      const detail = validation(await call(olga, 'GET', path(`?at=${encodeURIComponent(moment)}`)));
      expect(detail, moment).toMatch(/^an ISO 8601 date-time with seconds and an offset or Z/);
    }
  });

  it('a `+` left unencoded arrives as a space: refused, and the detail says to write %2B', async () => {
    const detail = validation(await call(olga, 'GET', path(`?at=${at('10:35:00+01:00')}`)));
    expect(detail).toContain('%2B');
    expect((await call(olga, 'GET', path(`?at=${at('10:35:00%2B01:00')}`))).status).toBe(200);
  });

  it('`at` given twice, and a parameter the route does not take', async () => {
    validation(await call(olga, 'GET', path(`?at=${at('09:35:00Z')}&at=${at('09:36:00Z')}`)));
    const unknown = await call(olga, 'GET', path(`?at=${at('09:35:00Z')}&limit=5`));
    expect(pointersOf(unknown)).toEqual(['/query/limit']);
  });
});
