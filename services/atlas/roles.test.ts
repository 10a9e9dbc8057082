/**
 * Who may do what, over real HTTP: owners and managers change an organization, members work in
 * it, only owners make owners, and to a non-member the organization, its projects and its tasks do
 * not exist (404, the same answer as for an id that was never used). A refusal appends nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startAtlas, type Answer, type AtlasUnderTest, type SignedUp } from './fixture.js';

let atlas: AtlasUnderTest;
let owner: SignedUp;
let manager: SignedUp;
let member: SignedUp;
let outsider: SignedUp;
let candidates: { id: number }[];
let organizationId: string;
let projectId: string;
let taskId: string;

const members = (path = '') => `/api/v1/organizations/${organizationId}/members${path}`;
const as = (who: SignedUp, method: string, path: string, body?: unknown) =>
  atlas.call(method, path, { token: who.token, ...(body === undefined ? {} : { body }) });

/** Runs a request that must be refused, and checks that the log did not grow. */
async function refused(request: () => Promise<Answer>, status: 403 | 404): Promise<Answer> {
  const before = await atlas.head();
  const answer = await request();
  expectProblem(answer, status, status === 403 ? 'forbidden' : 'not-found');
  expect(await atlas.head(), 'a refused command appends nothing').toBe(before);
  return answer;
}

beforeAll(async () => {
  atlas = await startAtlas();
  [owner, manager, member, outsider] = (await Promise.all(
    ['owner', 'manager', 'member', 'outsider'].map((name) => atlas.signUp(name)),
  )) as [SignedUp, SignedUp, SignedUp, SignedUp];
  candidates = await Promise.all(['cand-1', 'cand-2', 'cand-3', 'cand-4'].map((name) => atlas.register(name)));
  organizationId = (await as(owner, 'POST', '/api/v1/organizations', { name: 'Acme' })).body.id;
  expect((await as(owner, 'POST', members(), { user_id: manager.id, role: 'manager' })).status).toBe(201);
  expect((await as(owner, 'POST', members(), { user_id: member.id, role: 'member' })).status).toBe(201);
  projectId = (await as(owner, 'POST', `/api/v1/organizations/${organizationId}/projects`, { name: 'Rocket' })).body.id;
  taskId = (await as(owner, 'POST', `/api/v1/projects/${projectId}/tasks`, { title: 'Fuel' })).body.id;
  expect([organizationId, projectId, taskId].every(Boolean)).toBe(true);
});
afterAll(async () => {
  await atlas.close();
});

describe('adding members', () => {
  it('a member may not add anyone', async () => {
    await refused(() => as(member, 'POST', members(), { user_id: candidates[0]!.id, role: 'member' }), 403);
  });

  it('a manager adds members and managers, but not owners', async () => {
    await refused(() => as(manager, 'POST', members(), { user_id: candidates[0]!.id, role: 'owner' }), 403);
    const added = await as(manager, 'POST', members(), { user_id: candidates[0]!.id, role: 'member' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ organization_id: organizationId, user_id: candidates[0]!.id, role: 'member' });
    expect((await as(manager, 'POST', members(), { user_id: candidates[1]!.id, role: 'manager' })).status).toBe(201);
  });

  it('an owner adds owners', async () => {
    const added = await as(owner, 'POST', members(), { user_id: candidates[2]!.id, role: 'owner' });
    expect(added.status).toBe(201);
    expect(added.body.role).toBe('owner');
  });

  it('a manager may not make a member an owner; an owner may', async () => {
    await refused(() => as(manager, 'PATCH', members(`/${member.id}`), { role: 'owner' }), 403);
    await refused(() => as(member, 'PATCH', members(`/${member.id}`), { role: 'manager' }), 403);
    const organization = await as(owner, 'GET', `/api/v1/organizations/${organizationId}`);
    const roles = Object.fromEntries(
      (organization.body.members as { user_id: number; role: string }[]).map((m) => [m.user_id, m.role]),
    );
    expect(roles).toMatchObject({
      [owner.id]: 'owner',
      [manager.id]: 'manager',
      [member.id]: 'member',
      [candidates[2]!.id]: 'owner',
    });
  });
});

describe('projects and tasks', () => {
  it('a member may not create or archive projects', async () => {
    await refused(
      () => as(member, 'POST', `/api/v1/organizations/${organizationId}/projects`, { name: 'Side quest' }),
      403,
    );
    await refused(() => as(member, 'POST', `/api/v1/projects/${projectId}/archive`), 403);
  });

  it('a manager creates projects; a member creates tasks in them', async () => {
    const project = await as(manager, 'POST', `/api/v1/organizations/${organizationId}/projects`, { name: 'Moonshot' });
    expect(project.status).toBe(201);
    expect(project.body).toMatchObject({ organization_id: organizationId, created_by: manager.id });
    const task = await as(member, 'POST', `/api/v1/projects/${project.body.id}/tasks`, { title: 'Sketch' });
    expect(task.status).toBe(201);
  });

  it('a member takes an unassigned task only for themselves, and may not start one assigned to someone else', async () => {
    await refused(() => as(member, 'POST', `/api/v1/tasks/${taskId}/assign`, { user_id: manager.id }), 403);
    expect((await as(owner, 'POST', `/api/v1/tasks/${taskId}/assign`, { user_id: manager.id })).status).toBe(200);
    await refused(() => as(member, 'POST', `/api/v1/tasks/${taskId}/start`), 403);
    await refused(() => as(member, 'POST', `/api/v1/tasks/${taskId}/complete`), 403);
    expect((await as(manager, 'POST', `/api/v1/tasks/${taskId}/start`)).status).toBe(200);
  });
});

describe('non-members', () => {
  it('get 404 for the organization, its projects and its tasks, as for ids never used', async () => {
    const neverUsed = randomUUID();
    const pairs: [string, string][] = [
      [`/api/v1/organizations/${organizationId}`, `/api/v1/organizations/${neverUsed}`],
      [`/api/v1/projects/${projectId}`, `/api/v1/projects/${neverUsed}`],
      [`/api/v1/tasks/${taskId}`, `/api/v1/tasks/${neverUsed}`],
    ];
    for (const [real, unknown] of pairs) {
      const hidden = await refused(() => as(outsider, 'GET', real), 404);
      const missing = await refused(() => as(outsider, 'GET', unknown), 404);
      expect(hidden.body.detail, real).toBe(missing.body.detail);
    }
  });

  it('get 404 for every change, and nothing is written', async () => {
    const changes: [string, string, unknown?][] = [
      ['PATCH', `/api/v1/organizations/${organizationId}`, { name: 'Mine now' }],
      ['POST', members(), { user_id: outsider.id, role: 'owner' }],
      ['POST', members(), { user_id: candidates[3]!.id, role: 'member' }],
      ['PATCH', members(`/${member.id}`), { role: 'owner' }],
      ['POST', `/api/v1/organizations/${organizationId}/projects`, { name: 'Takeover' }],
      ['POST', `/api/v1/projects/${projectId}/archive`],
      ['POST', `/api/v1/projects/${projectId}/tasks`, { title: 'Sneak' }],
      ['POST', `/api/v1/tasks/${taskId}/assign`, { user_id: outsider.id }],
      ['POST', `/api/v1/tasks/${taskId}/start`],
      ['POST', `/api/v1/tasks/${taskId}/complete`],
    ];
    for (const [method, path, body] of changes) await refused(() => as(outsider, method, path, body), 404);
  });

  it('cannot be assigned a task of an organization they are not in', async () => {
    const before = await atlas.head();
    const answer = await as(owner, 'POST', `/api/v1/tasks/${taskId}/assign`, { user_id: outsider.id });
    expect(expectProblem(answer, 400, 'validation').errors).toEqual([
      { pointer: '/body/user_id', detail: expect.any(String) },
    ]);
    expect(await atlas.head()).toBe(before);
  });
});
