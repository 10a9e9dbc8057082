import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  actorOf,
  eventTitle,
  fieldLabel,
  namesOf,
  publicFields,
  sharesInstantWithNext,
  type EventLike,
} from './audit-events.js';

beforeEach(() => vi.stubEnv('TZ', 'Europe/Berlin'));
afterEach(() => vi.unstubAllEnvs());

const at = '2026-03-02T09:30:00.000Z';
const ids = {
  task_id: '0b6f1a52-2f65-4c8e-9f0e-8d3b9b8d7a11',
  project_id: '1c7a2b63-3a76-4d9f-8a1f-9e4c8c9e8b22',
  organization_id: '2d8b3c74-4b87-4e0a-9b2a-0f5d9d0f9c33',
};
const event = (type: string, data: Record<string, unknown>, user_id: number | null = 1): EventLike => ({
  type,
  data,
  metadata: { user_id, occurred_at: at },
});

describe('eventTitle', () => {
  it('says the known types in words', () => {
    expect(eventTitle('atlas.TaskCompleted')).toBe('Task completed');
    expect(eventTitle('atlas.MemberRoleChanged')).toBe("Member's role changed");
    expect(eventTitle('atlas.OrganizationCreated')).toBe('Organization created');
  });

  it('splits a type it does not know yet', () => {
    expect(eventTitle('atlas.TaskDueDateChanged')).toBe('Task due date changed');
    expect(eventTitle('ProjectRenamed')).toBe('Project renamed');
  });
});

describe('names', () => {
  const assigned = event('atlas.TaskAssigned', { ...ids, assignee_id: 3, assignee_username: 'bob', assigned_by: 1 });
  const added = event('atlas.MemberAdded', { organization_id: ids.organization_id, user_id: 4, username: 'cy' });

  it('come from the members, and from the events for users no longer listed', () => {
    const names = namesOf([{ user_id: 1, username: 'ana' }], [assigned, added]);
    expect([...names.entries()].sort()).toEqual([
      [1, 'ana'],
      [3, 'bob'],
      [4, 'cy'],
    ]);
  });

  it('name the actor, or Atlas when no user acted, or the id when the name is unknown', () => {
    const names = new Map([[1, 'ana']]);
    expect(actorOf(assigned, names)).toBe('ana');
    expect(actorOf(event('atlas.TaskStarted', ids, null), names)).toBe('Atlas');
    expect(actorOf(event('atlas.TaskStarted', ids, 9), names)).toBe('user #9');
  });
});

describe('publicFields', () => {
  const names = new Map([
    [1, 'ana'],
    [3, 'bob'],
  ]);

  it('shows the facts, with users by name, dates and instants in words', () => {
    const created = event('atlas.TaskCreated', {
      ...ids,
      title: 'Write the report',
      description: null,
      due_date: '2026-03-31',
      created_by: 1,
      created_at: at,
    });
    expect(publicFields(created, names, 'en-GB')).toEqual([
      { key: 'title', label: 'Title', text: 'Write the report' },
      { key: 'description', label: 'Description', text: '—' },
      { key: 'due_date', label: 'Due date', text: '31 Mar 2026' },
      { key: 'created_by', label: 'Created by', text: 'ana' },
    ]);
  });

  it('keeps instants other than the event own, on the viewer clock', () => {
    const completed = event('atlas.TaskCompleted', {
      ...ids,
      assignee_id: 3,
      due_date: null,
      started_at: '2026-03-01T08:00:00.000Z',
      completed_by: 3,
      completed_at: at,
    });
    expect(publicFields(completed, names, 'en-GB')).toEqual([
      { key: 'assignee_id', label: 'Assignee', text: 'bob' },
      { key: 'due_date', label: 'Due date', text: '—' },
      { key: 'started_at', label: 'Started at', text: '1 Mar 2026, 09:00:00' },
      { key: 'completed_by', label: 'Completed by', text: 'bob' },
    ]);
  });

  it('shows usernames through the ids they name, and unknown users by id', () => {
    const added = event('atlas.MemberAdded', {
      organization_id: ids.organization_id,
      user_id: 7,
      username: 'dee',
      role: 'member',
      added_by: 1,
    });
    expect(publicFields(added, names).map((f) => [f.label, f.text])).toEqual([
      ['Member', 'user #7'],
      ['Role', 'member'],
      ['Added by', 'ana'],
    ]);
  });

  it('never shows what smells of a secret', () => {
    const odd = event('atlas.Odd', { email: 'a@b.c', password_hash: 'scrypt$…', refresh_token: 'x', personal: false });
    expect(publicFields(odd, names)).toEqual([{ key: 'personal', label: 'Personal', text: 'no' }]);
  });
});

describe('fieldLabel', () => {
  it('reads a key as words', () => {
    expect(fieldLabel('previous_assignee_id')).toBe('Previous assignee');
    expect(fieldLabel('renamed_by')).toBe('Renamed by');
    expect(fieldLabel('name')).toBe('Name');
  });
});

describe('sharesInstantWithNext', () => {
  const when = (occurred_at: string): EventLike => ({ type: 'x', data: {}, metadata: { user_id: 1, occurred_at } });

  it('finds events made at the same instant as the next, however written', () => {
    const events = [
      when('2026-03-02T09:00:00.000Z'),
      when('2026-03-02T09:30:00.000Z'),
      when('2026-03-02T09:30:00Z'),
      when('2026-03-02T09:30:00.001Z'),
    ];
    expect(events.map((_, i) => sharesInstantWithNext(events, i))).toEqual([false, true, false, false]);
  });
});
