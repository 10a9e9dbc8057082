import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import type { Role } from '../schemas.js';
import { task } from './task.js';

const given = deciderSpec(task);
const task_id = '00000000-0000-4000-8000-0000000000c1';
const project_id = '00000000-0000-4000-8000-0000000000b1';
const organization_id = '00000000-0000-4000-8000-0000000000a1';
const about = { task_id, project_id, organization_id };
const t0 = new Date('2026-03-02T10:00:00.000Z');
const t1 = new Date('2026-03-03T11:00:00.000Z');
const t2 = new Date('2026-03-04T12:00:00.000Z');

/** Owner 1, manager 2, members 3 and 4. */
const roles: Record<number, Role> = { 1: 'owner', 2: 'manager', 3: 'member', 4: 'member' };
const by = (user_id: number) => ({ user_id, role: roles[user_id] ?? null });

const create = (overrides: { archived?: boolean; actor?: number } = {}) =>
  ({
    type: 'CreateTask',
    task_id,
    project: { project_id, organization_id, archived: overrides.archived ?? false },
    title: 'Write the paper',
    description: null,
    due_date: '2026-03-31',
    actor: by(overrides.actor ?? 3),
    now: t0,
  }) as const;
const created = {
  type: 'atlas.TaskCreated' as const,
  data: {
    ...about,
    title: 'Write the paper',
    description: null,
    due_date: '2026-03-31',
    created_by: 3,
    created_at: t0.toISOString(),
  },
};
const assign = (assignee: number, actor: number) =>
  ({
    type: 'AssignTask',
    assignee: {
      user_id: assignee,
      membership: assignee in roles ? { username: `user${assignee}`, role: roles[assignee]! } : null,
    },
    actor: by(actor),
    now: t0,
  }) as const;
const assigned = (assignee: number, assigned_by: number, previous: number | null = null) => ({
  type: 'atlas.TaskAssigned' as const,
  data: {
    ...about,
    assignee_id: assignee,
    assignee_username: `user${assignee}`,
    previous_assignee_id: previous,
    due_date: '2026-03-31',
    assigned_by,
    assigned_at: t0.toISOString(),
  },
});
const start = (actor: number) => ({ type: 'StartTask', actor: by(actor), now: t1 }) as const;
const started = (started_by: number, assignee_id: number | null = 3, at = t1) => ({
  type: 'atlas.TaskStarted' as const,
  data: { ...about, assignee_id, due_date: '2026-03-31', started_by, started_at: at.toISOString() },
});
const complete = (actor: number) => ({ type: 'CompleteTask', actor: by(actor), now: t2 }) as const;
const completed = (completed_by: number, started_at = t1, assignee_id: number | null = 3) => ({
  type: 'atlas.TaskCompleted' as const,
  data: {
    ...about,
    assignee_id,
    due_date: '2026-03-31',
    started_at: started_at.toISOString(),
    completed_by,
    completed_at: t2.toISOString(),
  },
});

describe('creating a task', () => {
  it('any member creates one, with an optional due date', () => {
    given([]).when(create()).then([created]);
    given([])
      .when({ ...create(), due_date: null, description: 'draft' })
      .then([{ ...created, data: { ...created.data, due_date: null, description: 'draft' } }]);
  });

  it('not on an archived project', () => {
    given([])
      .when(create({ archived: true }))
      .thenThrows('conflict', /archived/);
  });

  it('non-members are told the project does not exist', () => {
    given([])
      .when(create({ actor: 9 }))
      .thenThrows('not_found');
  });

  it('cannot be created twice', () => {
    given([created]).when(create()).thenThrows('conflict');
  });
});

describe('assigning', () => {
  it('owners and managers assign any member, and reassign', () => {
    given([created])
      .when(assign(3, 2))
      .then([assigned(3, 2)]);
    given([created, assigned(3, 2)])
      .when(assign(4, 1))
      .then([assigned(4, 1, 3)]);
  });

  it('a member takes an unassigned task for themself, and nothing else', () => {
    given([created])
      .when(assign(3, 3))
      .then([assigned(3, 3)]);
    given([created]).when(assign(4, 3)).thenThrows('forbidden');
    given([created, assigned(4, 2)])
      .when(assign(3, 3))
      .thenThrows('forbidden');
  });

  it('the assignee must be a member of the organization', () => {
    const error = given([created])
      .when(assign(9, 1))
      .thenThrows('invalid', /not a member/);
    expect(error.pointer).toBe('/user_id');
  });

  it('assigning the current assignee again changes nothing', () => {
    given([created, assigned(3, 2)])
      .when(assign(3, 2))
      .thenNothing();
  });

  it('a completed task is not reassigned', () => {
    given([created, assigned(3, 2), started(3), completed(3)])
      .when(assign(4, 1))
      .thenThrows('conflict');
  });

  it('non-members and unknown tasks are not found', () => {
    given([created]).when(assign(3, 9)).thenThrows('not_found');
    given([]).when(assign(3, 1)).thenThrows('not_found');
  });
});

describe('starting', () => {
  it('the assignee starts it', () => {
    given([created, assigned(3, 2)])
      .when(start(3))
      .then([started(3)]);
  });

  it('so does a manager or owner, also when nobody is assigned', () => {
    given([created, assigned(3, 2)])
      .when(start(2))
      .then([started(2)]);
    given([created])
      .when(start(1))
      .then([started(1, null)]);
  });

  it('other members may not', () => {
    given([created, assigned(3, 2)])
      .when(start(4))
      .thenThrows('forbidden');
    given([created]).when(start(3)).thenThrows('forbidden');
  });

  it('only once', () => {
    given([created, assigned(3, 2), started(3)])
      .when(start(3))
      .thenThrows('conflict', /already started/);
  });
});

describe('completing', () => {
  it('a started task, carrying when it started', () => {
    given([created, assigned(3, 2), started(3)])
      .when(complete(3))
      .then([completed(3)]);
  });

  it('an open task starts implicitly, at the same instant', () => {
    given([created, assigned(3, 2)])
      .when(complete(3))
      .then([started(3, 3, t2), completed(3, t2)]);
  });

  it('completing twice is a conflict', () => {
    given([created, assigned(3, 2), started(3), completed(3)])
      .when(complete(3))
      .thenThrows('conflict', /already completed/);
  });

  it('only the assignee, a manager or an owner', () => {
    given([created, assigned(3, 2), started(3)])
      .when(complete(4))
      .thenThrows('forbidden');
    given([created, assigned(3, 2), started(3)])
      .when(complete(1))
      .then([completed(1)]);
  });

  it('a reassignment carries over to the completion', () => {
    given([created, assigned(3, 2), started(3), assigned(4, 2, 3)])
      .when(complete(4))
      .then([completed(4, t1, 4)]);
  });
});
