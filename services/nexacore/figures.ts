/**
 * The lab's figures from read-model documents, as pure functions (the formulas of docs/nexacore.md).
 */
import type { ProjectDoc, TaskDoc } from '../../projections/atlas/models.js';
import type { ResearcherProfile } from '../../write/nexacore/researcher.js';
import type { IsoWeek } from './week.js';

/** The middle value; the mean of the two middle ones for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** How many of the researchers name each domain (spelled as they spell it), most named first. */
export function expertiseDistribution(
  researchers: readonly Pick<ResearcherProfile, 'expertise_domains'>[],
): Record<string, number> {
  // "NLP" and "nlp" are one domain, named as it was first written.
  const counts = new Map<string, { name: string; count: number }>();
  for (const researcher of researchers) {
    for (const domain of researcher.expertise_domains) {
      const key = domain.toLowerCase();
      const known = counts.get(key);
      if (known) known.count += 1;
      else counts.set(key, { name: domain, count: 1 });
    }
  }
  const ordered = [...counts.values()].sort(
    (a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return Object.fromEntries(ordered.map(({ name, count }) => [name, count]));
}

export function projectFigures(projects: readonly Pick<ProjectDoc, 'archived'>[]) {
  const archived = projects.filter((p) => p.archived).length;
  return { total: projects.length, active: projects.length - archived, archived };
}

const HOUR_MS = 3_600_000;

/** Hours to the hundredth, as every hours figure of the answer; null stays null. */
const roundHours = (hours: number | null): number | null => (hours === null ? null : Math.round(hours * 100) / 100);

type TaskFacts = Pick<TaskDoc, 'status' | 'created_at' | 'started_at' | 'completed_at'>;

/**
 * Counts by status; completion rate = completed / total (null without tasks); median cycle time =
 * the median, over completed tasks, of completed_at − (started_at, or created_at), in hours.
 */
export function taskFigures(tasks: readonly TaskFacts[]) {
  const count = (status: TaskDoc['status']) => tasks.filter((t) => t.status === status).length;
  const completed = tasks.filter((t) => t.status === 'completed' && t.completed_at !== null);
  const cycles = completed.map(
    (t) => (Date.parse(t.completed_at!) - Date.parse(t.started_at ?? t.created_at)) / HOUR_MS,
  );
  return {
    total: tasks.length,
    open: count('open'),
    started: count('started'),
    completed: count('completed'),
    completion_rate: tasks.length === 0 ? null : count('completed') / tasks.length,
    median_cycle_time_hours: roundHours(median(cycles)),
  };
}

/** A document of Code Crafters' per-organization-per-day rollup. */
export type OrgDailyActivity = {
  organization_id: string;
  date: string;
  active_seconds: number;
  active_members: number;
};

/** The week's activity: every day of the week (zero when nothing was recorded), and their sums. */
export function weekActivity(
  week: IsoWeek,
  timezone: string,
  rows: readonly Pick<OrgDailyActivity, 'date' | 'active_seconds' | 'active_members'>[],
) {
  const byDate = new Map<string, { active_seconds: number; active_members: number }>();
  for (const row of rows) {
    const day = byDate.get(row.date) ?? { active_seconds: 0, active_members: 0 };
    byDate.set(row.date, {
      active_seconds: day.active_seconds + row.active_seconds,
      active_members: day.active_members + row.active_members,
    });
  }
  const days = week.days.map((date) => ({ date, ...(byDate.get(date) ?? { active_seconds: 0, active_members: 0 }) }));
  const active_seconds = days.reduce((sum, d) => sum + d.active_seconds, 0);
  return {
    week_start: week.start,
    week_end: week.end,
    timezone,
    active_seconds,
    active_hours: Math.round((active_seconds / 3600) * 100) / 100,
    member_days: days.reduce((sum, d) => sum + d.active_members, 0),
    days,
  };
}
