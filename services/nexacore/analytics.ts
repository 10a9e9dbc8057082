/**
 * A lab's analytics, for its members: researchers, expertise, projects and tasks from the read
 * models, and this week's activity from Code Crafters' per-organization-per-day rollup when this
 * deployment has it. Formulas: figures.ts and docs/nexacore.md.
 */
import type { Actor } from '../../write/nexacore/commands/index.js';
import type { ProjectDoc, TaskDoc } from '../../projections/atlas/models.js';
import { CODECRAFTERS_COLLECTIONS, type OrgDayDoc } from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';
import type { NexacoreApi } from './context.js';
import { expertiseDistribution, projectFigures, taskFigures, weekActivity } from './figures.js';
import { labFor, membersOf } from './labs.js';
import { profilesOf } from './researchers.js';
import { isoWeekOf } from './week.js';

/** Code Crafters' rollup of an organization's days (`OrgDayDoc`). */
const ACTIVITY_ROLLUP = CODECRAFTERS_COLLECTIONS.orgDaily;

export const NO_ACTIVITY_ROLLUP_NOTE = `activity_this_week is null: no projection of this deployment writes Code Crafters' "${ACTIVITY_ROLLUP}" rollup`;

/** Whether the read models know the collection; `ReadModels.resolve` throws for one nobody writes. */
async function isServed(readModels: ReadModels, collection: string): Promise<boolean> {
  try {
    await readModels.resolve(collection);
    return true;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('no projection writes the collection')) return false;
    throw error;
  }
}

async function activityThisWeek(readModels: ReadModels, organizationId: string, timezone: string, now: Date) {
  if (!(await isServed(readModels, ACTIVITY_ROLLUP))) return null;
  const week = isoWeekOf(now, timezone);
  const rows = await readModels.find<OrgDayDoc>(ACTIVITY_ROLLUP, {
    organization_id: organizationId,
    date: { $gte: week.start, $lte: week.end },
  });
  return weekActivity(
    week,
    timezone,
    rows.map((row) => ({ ...row, active_members: row.member_ids?.length ?? 0 })),
  );
}

export async function labAnalytics(api: NexacoreApi, organizationId: string, actor: Actor) {
  const { readModels, clock } = api.deps;
  const { profile } = await labFor(api, organizationId, actor);
  const id = profile.organization_id;
  const now = clock();
  const members = await membersOf(api, id);
  const [researchers, projects, tasks, activity] = await Promise.all([
    profilesOf(api, members, actor),
    readModels.find<ProjectDoc>('projects', { organization_id: id }),
    readModels.find<TaskDoc>('tasks', { organization_id: id }),
    activityThisWeek(readModels, id, profile.timezone, now),
  ]);
  return {
    organization_id: id,
    lab_name: profile.lab_name,
    domain: profile.domain,
    generated_at: now.toISOString(),
    researchers: {
      count: members.length,
      members: members.map(({ user_id, username, role }) => ({ user_id, username, role })),
    },
    expertise_distribution: expertiseDistribution(researchers),
    projects: projectFigures(projects),
    tasks: taskFigures(tasks),
    activity_this_week: activity,
    notes: activity === null ? [NO_ACTIVITY_ROLLUP_NOTE] : [],
  };
}
