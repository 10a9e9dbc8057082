import { describe, expect, it } from 'vitest';
import { myTaskTimes, topTasks, type TaskFigures } from './task-time.js';

const task = (over: Partial<TaskFigures> & { task_id: string }): TaskFigures => ({
  title: over.task_id,
  status: 'started',
  scope: 'own',
  total_productive_seconds: 0,
  total_productive_hours: 0,
  users: [],
  ...over,
});

describe('time per task', () => {
  it("takes a member's own answer as their time, and their entry in a manager's answer", () => {
    const answers = [
      task({ task_id: 'a', title: 'Write docs', total_productive_seconds: 3600, total_productive_hours: 1 }),
      task({
        task_id: 'b',
        title: 'Fix login',
        scope: 'team',
        total_productive_seconds: 9000,
        total_productive_hours: 2.5,
        users: [
          { user_id: 9, productive_seconds: 7200, productive_hours: 2 },
          { user_id: 3, productive_seconds: 1800, productive_hours: 0.5 },
        ],
      }),
      task({ task_id: 'c', scope: 'team', total_productive_seconds: 60, total_productive_hours: 0.02, users: [] }),
    ];
    expect(myTaskTimes(answers, 3)).toEqual([
      { task_id: 'a', title: 'Write docs', status: 'started', productive_seconds: 3600, productive_hours: 1 },
      { task_id: 'b', title: 'Fix login', status: 'started', productive_seconds: 1800, productive_hours: 0.5 },
    ]);
  });

  it("ranks the team's tasks by everyone's time, ties by title, at most the count, none without time", () => {
    const answers = [
      task({ task_id: 'a', title: 'B', total_productive_seconds: 60, total_productive_hours: 0.02 }),
      task({ task_id: 'b', title: 'A', total_productive_seconds: 60, total_productive_hours: 0.02 }),
      task({ task_id: 'c', title: 'C', total_productive_seconds: 7200, total_productive_hours: 2 }),
      task({ task_id: 'd', title: 'D' }),
    ];
    expect(topTasks(answers, 2).map((t) => t.task_id)).toEqual(['c', 'b']);
    expect(topTasks(answers).map((t) => t.task_id)).toEqual(['c', 'b', 'a']);
  });
});
