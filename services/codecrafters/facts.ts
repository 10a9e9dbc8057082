/**
 * The facts the Code Crafters commands need, read from the read models and cached. Atlas never
 * changes a task's organization, a user's personal organization or an organization's zone, and
 * never removes a member, so those are kept for a minute once found. Profiles change: they are
 * kept for a second, and a change made through this process replaces its entry at once. A task
 * they do not show is looked up in the log, so that one made a moment ago is "retry shortly".
 */
import type { MembershipDoc, OrganizationDoc, TaskDoc, UserDoc } from '../../projections/atlas/models.js';
import { membershipId } from '../../projections/atlas/models.js';
import { CODECRAFTERS_COLLECTIONS, type ProfileDoc } from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';
import { DEFAULT_PROFILE, type ActivityFacts, type ProfileSettings, type TaskFacts } from '../../write/codecrafters/index.js';
import type { EventStore } from '../../stores/events/port.js';
import { MemberAdded, TaskCreated } from '../../write/atlas/events.js';
import { organizationStream, taskStream } from '../../write/atlas/streams.js';
import { TtlCache } from './ttl-cache.js';

const STABLE_MS = 60_000;
const PROFILE_MS = 1_000;

export interface CachedFacts extends ActivityFacts {
  /** Records settings this process just wrote, so that the next batch obeys them. */
  primeProfile(userId: number, settings: ProfileSettings): void;
}

export function settingsOf(doc: ProfileDoc | null): ProfileSettings {
  if (!doc) return DEFAULT_PROFILE;
  const { idle_threshold_minutes, work_hours_start, work_hours_end, timezone, tracking_enabled, default_organization_id } = doc;
  return { idle_threshold_minutes, work_hours_start, work_hours_end, timezone, tracking_enabled, default_organization_id };
}

/**
 * Read from the log itself, and only for a task the read models do not show: whether Atlas has
 * made it, and has the user as a member of its organization (the owner is its first member).
 */
async function taskInLog(events: Pick<EventStore, 'readStream'>, taskId: string, userId: number): Promise<boolean> {
  const [created] = await events.readStream(taskStream(taskId), { limit: 1 });
  if (created?.type !== TaskCreated.type) return false;
  const { organization_id } = created.data as { organization_id: string };
  const organization = await events.readStream(organizationStream(organization_id));
  return organization.some((event) => event.type === MemberAdded.type && (event.data as { user_id: number }).user_id === userId);
}

export function readModelFacts(readModels: ReadModels, events: Pick<EventStore, 'readStream'>): CachedFacts {
  const found = (value: unknown) => value !== null && value !== false;
  const personal = new TtlCache<string | null>(STABLE_MS, 10_000, found);
  const zones = new TtlCache<string | null>(STABLE_MS, 10_000, found);
  const members = new TtlCache<boolean>(STABLE_MS, 50_000, found);
  const tasks = new TtlCache<TaskFacts | null>(STABLE_MS, 50_000, found);
  const profiles = new TtlCache<ProfileSettings>(PROFILE_MS, 10_000);
  return {
    personalOrganization: (userId) =>
      personal.get(String(userId), async () => {
        const user = await readModels.findOne<UserDoc>('users', { _id: String(userId) });
        return user?.personal_organization_id ?? null;
      }),
    organizationTimezone: (organizationId) =>
      zones.get(organizationId, async () => {
        const organization = await readModels.findOne<OrganizationDoc>('organizations', { _id: organizationId });
        return organization ? organization.timezone || 'UTC' : null;
      }),
    isMember: (organizationId, userId) =>
      members.get(membershipId(organizationId, userId), async () => {
        const membership = await readModels.findOne<MembershipDoc>('memberships', { _id: membershipId(organizationId, userId) });
        return membership !== null;
      }),
    task: (taskId) =>
      tasks.get(taskId, async () => {
        const task = await readModels.findOne<TaskDoc>('tasks', { _id: taskId });
        return task ? { project_id: task.project_id, organization_id: task.organization_id } : null;
      }),
    taskPending: (taskId, userId) => taskInLog(events, taskId, userId),
    profile: (userId) =>
      profiles.get(String(userId), async () =>
        settingsOf(await readModels.findOne<ProfileDoc>(CODECRAFTERS_COLLECTIONS.profiles, { _id: String(userId) })),
      ),
    primeProfile: (userId, settings) => profiles.prime(String(userId), settings),
  };
}
