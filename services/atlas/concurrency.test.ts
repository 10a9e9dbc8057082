/**
 * Commands racing on one aggregate over real HTTP: exactly one wins per revision, the rest get a
 * 409 problem or succeed after the handler's bounded retry, and no update is lost. Run twice: on
 * the embedded store as deployed, and on the same store made to yield on every call as a networked
 * store (EventStoreDB) does, where requests really interleave between read and append.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, expectProblem, startAtlas, type Answer, type AtlasUnderTest, type SignedUp } from './fixture.js';

const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();

describe.each([
  ['the embedded store', false],
  ['a store that yields on every call, like EventStoreDB', true],
])('on %s', (_name, remoteLikeStore) => {
  let atlas: AtlasUnderTest;
  let owner: SignedUp;
  let organizationId: string;
  let projectId: string;
  beforeAll(async () => {
    atlas = await startAtlas({ remoteLikeStore });
    owner = await atlas.signUp('owner');
    organizationId = (await atlas.call('POST', '/api/v1/organizations', { token: owner.token, body: { name: 'Acme' } }))
      .body.id;
    projectId = (
      await atlas.call('POST', `/api/v1/organizations/${organizationId}/projects`, {
        token: owner.token,
        body: { name: 'Rocket' },
      })
    ).body.id;
  });
  afterAll(async () => {
    await atlas.close();
  });

  const eventTypes = async (stream: string) => (await atlas.store.readStream(stream)).map((e) => e.type);

  async function newTask(title: string): Promise<string> {
    const task = await atlas.call('POST', `/api/v1/projects/${projectId}/tasks`, {
      token: owner.token,
      body: { title },
    });
    expect(task.status).toBe(201);
    return task.body.id;
  }

  describe('one organization, many writers', () => {
    it('10 parallel member additions for 10 users: every one of them ends up a member', async () => {
      const users = await Promise.all(Array.from({ length: 10 }, (_, i) => atlas.register(`member-${i}`)));
      const refusedBefore = atlas.store.refusedAppends;
      const answers = await Promise.all(
        users.map((u) =>
          atlas.call('POST', `/api/v1/organizations/${organizationId}/members`, {
            token: owner.token,
            body: { user_id: u.id, role: 'member' },
          }),
        ),
      );
      // Adding different users commutes: the handler's bounded retry must absorb the collisions.
      expect(statuses(answers), 'every addition succeeds after a bounded retry').toEqual(Array(10).fill(201));
      const organization = await atlas.call('GET', `/api/v1/organizations/${organizationId}`, { token: owner.token });
      const members = (organization.body.members as { user_id: number }[]).map((m) => m.user_id).sort((a, b) => a - b);
      expect(members).toEqual([owner.id, ...users.map((u) => u.id)].sort((a, b) => a - b));
      const added = (await atlas.store.readStream(`atlas-organization-${organizationId}`)).filter(
        (e) => e.type === 'atlas.MemberAdded' && users.some((u) => u.id === (e.data as { user_id: number }).user_id),
      );
      expect(added).toHaveLength(10);
      // Where requests interleave, the race was real: appends were refused and retried.
      if (remoteLikeStore) expect(atlas.store.refusedAppends).toBeGreaterThan(refusedBefore);
    });

    it('the same user added 5 times in parallel: one 201, the rest 409, one event', async () => {
      const user = await atlas.register('twice');
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          atlas.call('POST', `/api/v1/organizations/${organizationId}/members`, {
            token: owner.token,
            body: { user_id: user.id, role: 'member' },
          }),
        ),
      );
      expect(statuses(answers)).toEqual([201, 409, 409, 409, 409]);
      for (const answer of answers.filter((a) => a.status === 409)) expectProblem(answer, 409, 'conflict');
      const events = await atlas.store.readStream(`atlas-organization-${organizationId}`);
      expect(
        events.filter((e) => e.type === 'atlas.MemberAdded' && (e.data as { user_id: number }).user_id === user.id),
      ).toHaveLength(1);
    });
  });

  describe('one task, many hands', () => {
    it('10 parallel completions: exactly one 200, nine 409, one TaskCompleted', async () => {
      const taskId = await newTask('Launch');
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          atlas.call('POST', `/api/v1/tasks/${taskId}/complete`, { token: owner.token }),
        ),
      );
      expect(statuses(answers)).toEqual([200, ...Array(9).fill(409)]);
      for (const answer of answers.filter((a) => a.status === 409)) expectProblem(answer, 409, 'conflict');
      expect((await eventTypes(`atlas-task-${taskId}`)).filter((t) => t === 'atlas.TaskCompleted')).toHaveLength(1);
    });

    it('10 parallel starts: exactly one 200, nine 409', async () => {
      const taskId = await newTask('Ignite');
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => atlas.call('POST', `/api/v1/tasks/${taskId}/start`, { token: owner.token })),
      );
      expect(statuses(answers)).toEqual([200, ...Array(9).fill(409)]);
      expect((await eventTypes(`atlas-task-${taskId}`)).filter((t) => t === 'atlas.TaskStarted')).toHaveLength(1);
    });

    it('tasks created in parallel in one project are all kept', async () => {
      const created = await Promise.all(Array.from({ length: 10 }, (_, i) => newTask(`Parallel ${i}`)));
      expect(new Set(created).size).toBe(10);
    });
  });

  describe('registration races', () => {
    it('10 parallel registrations of one username: one 201, nine 409, and the name belongs to the winner', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          atlas.call('POST', '/api/v1/auth/register', {
            body: { username: 'contested', email: `contested-${i}@example.com`, password: PASSWORD },
          }),
        ),
      );
      expect(statuses(answers)).toEqual([201, ...Array(9).fill(409)]);
      const winner = answers.find((a) => a.status === 201)!.body;
      const login = await atlas.login('contested');
      expect(login.status).toBe(200);
      expect((await atlas.call('GET', '/api/v1/me', { token: login.body.access_token })).body).toMatchObject({
        id: winner.id,
        email: winner.email,
      });
    });

    it('10 parallel registrations of different users: ten distinct integer ids', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          atlas.call('POST', '/api/v1/auth/register', {
            body: { username: `racer-${i}`, email: `racer-${i}@example.com`, password: PASSWORD },
          }),
        ),
      );
      expect(statuses(answers)).toEqual(Array(10).fill(201));
      const ids = answers.map((a) => a.body.id as number);
      expect(new Set(ids).size).toBe(10);
      expect(ids.every(Number.isInteger)).toBe(true);
    });
  });

  describe('refresh races', () => {
    it('one refresh token presented 5 times at once: one rotation wins, the family ends revoked', async () => {
      const token = (await atlas.login('owner')).body.refresh_token as string;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => atlas.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: token } })),
      );
      const winners = answers.filter((a) => a.status === 200);
      expect(winners).toHaveLength(1);
      // The losers saw a reused token (401) or lost the race to revoke it (409); none got tokens.
      for (const loser of answers.filter((a) => a.status !== 200)) expect([401, 409]).toContain(loser.status);
      const newest = winners[0]!.body.refresh_token as string;
      expectProblem(
        await atlas.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: newest } }),
        401,
        'unauthorized',
      );
    });
  });
});
