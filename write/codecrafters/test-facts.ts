/** For tests: `ActivityFacts` answered from plain maps, as the read models would answer them. */
import { DEFAULT_PROFILE, type ProfileSettings } from './events.js';
import type { ActivityFacts, TaskFacts } from './facts.js';

export interface FactTables {
  /** user id → personal organization id */
  users: Map<number, string>;
  /** organization id → zone */
  organizations: Map<string, string>;
  /** `<organization_id>:<user_id>` */
  members: Set<string>;
  tasks: Map<string, TaskFacts>;
  profiles: Map<number, ProfileSettings>;
  /** `<task_id>:<user_id>`: in the log, not in the read models yet. */
  pending: Set<string>;
}

export function emptyFactTables(): FactTables {
  return {
    users: new Map(),
    organizations: new Map(),
    members: new Set(),
    tasks: new Map(),
    profiles: new Map(),
    pending: new Set(),
  };
}

export function tableFacts(tables: FactTables): ActivityFacts {
  return {
    personalOrganization: async (userId) => tables.users.get(userId) ?? null,
    organizationTimezone: async (id) => tables.organizations.get(id) ?? null,
    isMember: async (organizationId, userId) => tables.members.has(`${organizationId}:${userId}`),
    task: async (id) => tables.tasks.get(id) ?? null,
    taskPending: async (id, userId) => tables.pending.has(`${id}:${userId}`),
    profile: async (userId) => tables.profiles.get(userId) ?? DEFAULT_PROFILE,
  };
}
