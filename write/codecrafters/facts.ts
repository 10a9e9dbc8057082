/**
 * What the Code Crafters commands need to know about Atlas (users, organizations, memberships,
 * tasks) and about the user's productivity profile. The partner service answers these from the
 * read models (`services/codecrafters/facts.ts`); tests can answer them from plain maps.
 */
import type { ProfileSettings } from './events.js';

export interface TaskFacts {
  project_id: string;
  organization_id: string;
}

export interface ActivityFacts {
  /** The user's personal organization; null when the read models do not know the user (yet). */
  personalOrganization(userId: number): Promise<string | null>;
  /** The organization's IANA zone; null when unknown. */
  organizationTimezone(organizationId: string): Promise<string | null>;
  isMember(organizationId: string, userId: number): Promise<boolean>;
  task(taskId: string): Promise<TaskFacts | null>;
  /**
   * Whether the event log already holds the task and the user's membership of its organization,
   * though the read models do not show them yet (a task made, or a member added, a moment ago).
   * Asked only about the tasks that `task` and `isMember` do not show as visible.
   */
  taskPending(taskId: string, userId: number): Promise<boolean>;
  /** The user's settings; the defaults when they never changed them. */
  profile(userId: number): Promise<ProfileSettings>;
}

/**
 * The read models do not show a fact yet that Atlas has already written (a user who registered a
 * moment ago): a reason to retry shortly, not a client error. The service answers 503 + Retry-After.
 */
export class NotVisibleYetError extends Error {
  override readonly name = 'NotVisibleYetError';
}
