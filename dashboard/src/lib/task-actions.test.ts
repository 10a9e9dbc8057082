import { describe, expect, it } from 'vitest';
import { taskActions } from './task-actions.js';

const open = (assignee_id: number | null = null) => ({ status: 'open' as const, assignee_id });
const started = (assignee_id: number | null = null) => ({ status: 'started' as const, assignee_id });
const completed = (assignee_id: number | null = null) => ({ status: 'completed' as const, assignee_id });

const ana = { user_id: 1, role: 'owner' as const };
const max = { user_id: 2, role: 'manager' as const };
const bob = { user_id: 3, role: 'member' as const };

describe('taskActions', () => {
  it('lets owners and managers assign, start and complete any open task', () => {
    for (const viewer of [ana, max]) {
      expect(taskActions(open(3), viewer)).toEqual({ assign: 'any', start: true, complete: true });
      expect(taskActions(open(), viewer)).toEqual({ assign: 'any', start: true, complete: true });
    }
  });

  it('lets a member take an unassigned task, but not start or complete it before', () => {
    expect(taskActions(open(), bob)).toEqual({ assign: 'self', start: false, complete: false });
  });

  it("lets a member work on their own task, and keeps them off another's", () => {
    expect(taskActions(open(3), bob)).toEqual({ assign: null, start: true, complete: true });
    expect(taskActions(started(3), bob)).toEqual({ assign: null, start: false, complete: true });
    expect(taskActions(open(1), bob)).toEqual({ assign: null, start: false, complete: false });
    expect(taskActions(started(1), bob)).toEqual({ assign: null, start: false, complete: false });
  });

  it('offers no start once started and nothing once completed', () => {
    expect(taskActions(started(3), ana)).toEqual({ assign: 'any', start: false, complete: true });
    expect(taskActions(completed(3), ana)).toEqual({ assign: null, start: false, complete: false });
    expect(taskActions(completed(3), bob)).toEqual({ assign: null, start: false, complete: false });
    expect(taskActions(completed(), bob)).toEqual({ assign: null, start: false, complete: false });
  });

  it('offers nothing to someone who is not a member, or not known yet', () => {
    expect(taskActions(open(), null)).toEqual({ assign: null, start: false, complete: false });
    expect(taskActions(open(), { user_id: 9, role: null })).toEqual({ assign: null, start: false, complete: false });
  });
});
