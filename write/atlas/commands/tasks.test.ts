import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../../../stores/events/port.js';
import { DomainError } from '../../domain-error.js';
import { taskStream } from '../events.js';
import type { Actor } from '../../command.js';
import { openWorld, type World } from './fixture.js';
import { addMember } from './organizations.js';
import { archiveProject, createProject, getProject } from './projects.js';
import { assignTask, completeTask, createTask, getTask, startTask } from './tasks.js';

let world: World;
let owner: Actor & { organization_id: string };
let manager: Actor;
let alice: Actor;
let bob: Actor;
let outsider: Actor;
let organization_id: string;
let project_id: string;

beforeEach(async () => {
  world = openWorld();
  [owner, manager, alice, bob, outsider] = await world.registerAll('olga', 'mike', 'alice', 'bob', 'otto');
  organization_id = owner.organization_id;
  for (const [who, role] of [
    [manager, 'manager'],
    [alice, 'member'],
    [bob, 'member'],
  ] as const) {
    await addMember(world.deps, { organization_id, user_id: who.user_id, role }, owner);
  }
  project_id = (await createProject(world.deps, { organization_id, name: 'Atlas' }, manager)).id;
});
afterEach(async () => {
  await world.dispose();
});

const refused = (command: () => Promise<unknown>) => world.refused(command);

describe('projects', () => {
  it('owners and managers create them; members may not; non-members do not see them', async () => {
    const created = await getProject(world.deps, { project_id }, alice);
    expect(created).toMatchObject({
      id: project_id,
      organization_id,
      name: 'Atlas',
      description: null,
      archived: false,
      created_by: manager.user_id,
    });
    expect(await refused(() => createProject(world.deps, { organization_id, name: 'Side' }, alice))).toMatchObject({
      kind: 'forbidden',
    });
    expect(await refused(() => createProject(world.deps, { organization_id, name: 'Side' }, outsider))).toMatchObject({
      kind: 'not_found',
    });
    expect(await refused(() => getProject(world.deps, { project_id }, outsider))).toMatchObject({ kind: 'not_found' });
  });

  it('archived projects take no new tasks', async () => {
    expect(await refused(() => archiveProject(world.deps, { project_id }, alice))).toMatchObject({ kind: 'forbidden' });
    expect((await archiveProject(world.deps, { project_id }, owner)).archived).toBe(true);
    expect(await refused(() => createTask(world.deps, { project_id, title: 'Late' }, alice))).toMatchObject({
      kind: 'conflict',
    });
  });
});

describe('tasks', () => {
  it('go from open to started to completed, the events carrying what readers need', async () => {
    const created = await createTask(
      world.deps,
      { project_id, title: 'Write the paper', due_date: '2026-03-31' },
      alice,
    );
    expect(created).toMatchObject({
      project_id,
      organization_id,
      status: 'open',
      due_date: '2026-03-31',
      assignee_id: null,
    });
    const task_id = created.id;
    expect((await assignTask(world.deps, { task_id, user_id: bob.user_id }, manager)).assignee_id).toBe(bob.user_id);
    expect(await refused(() => startTask(world.deps, { task_id }, alice))).toMatchObject({ kind: 'forbidden' });
    const started = await startTask(world.deps, { task_id }, bob);
    expect(started.status).toBe('started');
    const done = await completeTask(world.deps, { task_id }, bob);
    expect(done).toMatchObject({ status: 'completed', started_at: started.started_at });
    expect(await refused(() => completeTask(world.deps, { task_id }, bob))).toMatchObject({ kind: 'conflict' });

    const events = await world.deps.store.readStream(taskStream(task_id));
    expect(events.map((e) => e.type)).toEqual([
      'atlas.TaskCreated',
      'atlas.TaskAssigned',
      'atlas.TaskStarted',
      'atlas.TaskCompleted',
    ]);
    expect(events[3]!.data).toEqual({
      task_id,
      project_id,
      organization_id,
      assignee_id: bob.user_id,
      due_date: '2026-03-31',
      started_at: started.started_at,
      completed_by: bob.user_id,
      completed_at: done.completed_at,
    });
    expect(events[3]!.metadata.user_id).toBe(bob.user_id);
  });

  it('are seen and changed by members only', async () => {
    const { id: task_id } = await createTask(world.deps, { project_id, title: 'Secret' }, alice);
    expect((await getTask(world.deps, { task_id }, bob)).title).toBe('Secret');
    expect(await refused(() => getTask(world.deps, { task_id }, outsider))).toMatchObject({ kind: 'not_found' });
    expect(await refused(() => completeTask(world.deps, { task_id }, outsider))).toMatchObject({ kind: 'not_found' });
    expect(await refused(() => createTask(world.deps, { project_id, title: 'Mine' }, outsider))).toMatchObject({
      kind: 'not_found',
    });
  });

  it('are assigned to organization members only', async () => {
    const { id: task_id } = await createTask(world.deps, { project_id, title: 'Review' }, alice);
    const error = await refused(() => assignTask(world.deps, { task_id, user_id: outsider.user_id }, owner));
    expect(error).toMatchObject({ kind: 'invalid', pointer: '/user_id' });
    expect(await refused(() => assignTask(world.deps, { task_id, user_id: bob.user_id }, alice))).toMatchObject({
      kind: 'forbidden',
    });
    expect((await assignTask(world.deps, { task_id, user_id: alice.user_id }, alice)).assignee_id).toBe(alice.user_id);
  });

  it('validate their input', async () => {
    const error = await refused(() => createTask(world.deps, { project_id, title: '', due_date: '31/03/2026' }, alice));
    expect(error.issues.map((i) => i.pointer).sort()).toEqual(['/due_date', '/title']);
  });

  it('completed concurrently: exactly one completion, the others refused', async () => {
    const { id: task_id } = await createTask(world.deps, { project_id, title: 'Race' }, alice);
    await assignTask(world.deps, { task_id, user_id: alice.user_id }, manager);
    const outcomes = await Promise.allSettled(
      [alice, manager, owner, alice, manager, owner].map((who) => completeTask(world.deps, { task_id }, who)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        const reason = outcome.reason as unknown;
        const lostRace = reason instanceof WrongExpectedRevisionError;
        expect(lostRace || (reason instanceof DomainError && reason.kind === 'conflict'), String(reason)).toBe(true);
      }
    }
    const types = (await world.deps.store.readStream(taskStream(task_id))).map((e) => e.type);
    expect(types.filter((t) => t === 'atlas.TaskCompleted')).toHaveLength(1);
    expect(types.filter((t) => t === 'atlas.TaskStarted')).toHaveLength(1);
  });

  it('assigned concurrently: every accepted assignment is recorded, each on top of the one before', async () => {
    const { id: task_id } = await createTask(world.deps, { project_id, title: 'Hot potato' }, alice);
    const assignees = [alice, bob, manager, owner, alice, bob, manager, owner];
    const outcomes = await Promise.allSettled(
      assignees.map((who) => assignTask(world.deps, { task_id, user_id: who.user_id }, owner)),
    );
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
      else expect(outcome.value.assignee_id).toBe(assignees[i]!.user_id);
    }
    const assigned = (await world.deps.store.readStream(taskStream(task_id)))
      .filter((e) => e.type === 'atlas.TaskAssigned')
      .map((e) => e.data as { assignee_id: number; previous_assignee_id: number | null });
    // A decision that found its assignee already in place appends nothing: that is not a lost update.
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.length).toBeLessThanOrEqual(fulfilled);
    let previous: number | null = null;
    for (const event of assigned) {
      expect(event.previous_assignee_id).toBe(previous);
      expect(event.assignee_id).not.toBe(previous);
      previous = event.assignee_id;
    }
    expect((await getTask(world.deps, { task_id }, owner)).assignee_id).toBe(previous);
  });
});
