/**
 * Time per task, from Code Crafters' task answers (`GET /api/v1/productivity/tasks/:id`), which
 * keep each task's time as totals since the first minute: no range applies. A member's answer is
 * their own time (`scope: own`); an owner's or manager's lists everyone (`scope: team`), so "my
 * time" is my entry there. Figures are the API's, never added up again.
 */
export interface TaskFigures {
  task_id: string;
  title: string;
  status: string;
  scope: 'team' | 'own';
  total_productive_seconds: number;
  total_productive_hours: number;
  users: readonly { user_id: number; productive_seconds: number; productive_hours: number }[];
}

export interface TaskTime {
  task_id: string;
  title: string;
  status: string;
  productive_seconds: number;
  productive_hours: number;
}

const byTime = (a: TaskTime, b: TaskTime) =>
  b.productive_seconds - a.productive_seconds || a.title.localeCompare(b.title);

/** My time on each task, most first; tasks I spent no time on are left out. */
export function myTaskTimes(answers: readonly TaskFigures[], me: number): TaskTime[] {
  return answers
    .map((task) => {
      const mine =
        task.scope === 'own'
          ? { productive_seconds: task.total_productive_seconds, productive_hours: task.total_productive_hours }
          : (task.users.find((user) => user.user_id === me) ?? { productive_seconds: 0, productive_hours: 0 });
      return {
        task_id: task.task_id,
        title: task.title,
        status: task.status,
        productive_seconds: mine.productive_seconds,
        productive_hours: mine.productive_hours,
      };
    })
    .filter((task) => task.productive_seconds > 0)
    .sort(byTime);
}

/** The team's tasks with the most time (everyone's), at most `count`. */
export function topTasks(answers: readonly TaskFigures[], count = 5): TaskTime[] {
  return answers
    .map((task) => ({
      task_id: task.task_id,
      title: task.title,
      status: task.status,
      productive_seconds: task.total_productive_seconds,
      productive_hours: task.total_productive_hours,
    }))
    .filter((task) => task.productive_seconds > 0)
    .sort(byTime)
    .slice(0, count);
}
