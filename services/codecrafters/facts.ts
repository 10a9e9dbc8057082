/**
 * The facts the Code Crafters commands need (`ActivityFacts`, declared on the write side in
 * `write/codecrafters/facts.ts`), answered here from the read models, with caches. Atlas never
 * changes a task's organization, a user's personal organization or an organization's zone, and
 * never removes a member, so those are kept for a minute once found; what is not found yet is not
 * kept, so the next batch asks again. Profiles change: they are kept for a second, and a change
 * made through this process replaces its entry at once. Concurrent misses on one key share one
 * read (lru-cache's `fetch`). A task the read models do not show is looked up in the log, so that
 * one made a moment ago is "retry shortly".
 */
import { LRUCache } from 'lru-cache';
import type { MembershipDoc, OrganizationDoc, TaskDoc, UserDoc } from '../../projections/atlas/models.js';
import { membershipId } from '../../projections/atlas/models.js';
import { CODECRAFTERS_COLLECTIONS, type ProfileDoc } from '../../projections/codecrafters/models.js';
import type { ReadModels } from '../../projections/read-models.js';
import {
  DEFAULT_PROFILE,
  profileSettingsOf,
  type ActivityFacts,
  type ProfileSettings,
  type TaskFacts,
} from '../../write/codecrafters/index.js';
import type { EventStore } from '../../stores/events/port.js';
import { MemberAdded, TaskCreated } from '../../write/atlas/events.js';
import { organizationStream, taskStream } from '../../write/atlas/streams.js';

const STABLE_MS = 60_000;
const PROFILE_MS = 1_000;

export interface CachedFacts extends ActivityFacts {
  /** Records settings this process just wrote, so that the next batch obeys them. */
  primeProfile(userId: number, settings: ProfileSettings): void;
}

export const settingsOf = (doc: ProfileDoc | null): ProfileSettings => (doc ? profileSettingsOf(doc) : DEFAULT_PROFILE);

/**
 * Read from the log itself, and only for a task the read models do not show: whether Atlas has
 * made it, and has the user as a member of its organization (the owner is its first member).
 */
async function taskInLog(events: Pick<EventStore, 'readStream'>, taskId: string, userId: number): Promise<boolean> {
  const [created] = await events.readStream(taskStream(taskId), { limit: 1 });
  if (created?.type !== TaskCreated.type) return false;
  const { organization_id } = created.data as { organization_id: string };
  const organization = await events.readStream(organizationStream(organization_id));
  return organization.some(
    (event) => event.type === MemberAdded.type && (event.data as { user_id: number }).user_id === userId,
  );
}

/**
 * A read-through cache of what `load` finds: `undefined` (not found yet) and failed loads are not
 * kept. `set` during a load wins over what the load finds (the load still answers its callers).
 */
function readThrough<V extends NonNullable<unknown>>(
  ttl: number,
  max: number,
  load: (key: string) => Promise<V | undefined>,
): LRUCache<string, V> {
  return new LRUCache<string, V>({ ttl, max, fetchMethod: (key) => load(key), ignoreFetchAbort: true });
}

export function readModelFacts(readModels: ReadModels, events: Pick<EventStore, 'readStream'>): CachedFacts {
  const personal = readThrough<string>(STABLE_MS, 10_000, async (userId) => {
    const user = await readModels.findOne<UserDoc>('users', { _id: userId });
    return user?.personal_organization_id;
  });
  const zones = readThrough<string>(STABLE_MS, 10_000, async (organizationId) => {
    const organization = await readModels.findOne<OrganizationDoc>('organizations', { _id: organizationId });
    return organization ? organization.timezone || 'UTC' : undefined;
  });
  const members = readThrough<true>(STABLE_MS, 50_000, async (id) => {
    const membership = await readModels.findOne<MembershipDoc>('memberships', { _id: id });
    return membership === null ? undefined : true;
  });
  const tasks = readThrough<TaskFacts>(STABLE_MS, 50_000, async (taskId) => {
    const task = await readModels.findOne<TaskDoc>('tasks', { _id: taskId });
    return task ? { project_id: task.project_id, organization_id: task.organization_id } : undefined;
  });
  const profiles = readThrough<ProfileSettings>(PROFILE_MS, 10_000, async (userId) =>
    settingsOf(await readModels.findOne<ProfileDoc>(CODECRAFTERS_COLLECTIONS.profiles, { _id: userId })),
  );
  return {
    personalOrganization: async (userId) => (await personal.fetch(String(userId))) ?? null,
    organizationTimezone: async (organizationId) => (await zones.fetch(organizationId)) ?? null,
    isMember: async (organizationId, userId) => (await members.fetch(membershipId(organizationId, userId))) ?? false,
    task: async (taskId) => (await tasks.fetch(taskId)) ?? null,
    taskPending: (taskId, userId) => taskInLog(events, taskId, userId),
    profile: async (userId) => (await profiles.fetch(String(userId))) ?? DEFAULT_PROFILE,
    primeProfile: (userId, settings) => {
      profiles.set(String(userId), settings);
    },
  };
}
