/**
 * Atlas stream names. One stream per aggregate instance; uniqueness (username, email) and user id
 * allocation live in streams of their own, guarded by expected revisions (design §3).
 */
export const userIdsStream = 'atlas-user-ids';

export function userStream(userId: number): string {
  return `atlas-user-${userId}`;
}

export function organizationStream(organizationId: string): string {
  return `atlas-organization-${organizationId}`;
}

export function projectStream(projectId: string): string {
  return `atlas-project-${projectId}`;
}

export function taskStream(taskId: string): string {
  return `atlas-task-${taskId}`;
}

/** Usernames are unique regardless of case: `John_Doe` and `john_doe` share one stream. */
export function usernameStream(username: string): string {
  return `atlas-username-${username.toLowerCase()}`;
}

export function emailStream(email: string): string {
  return `atlas-email-${email.toLowerCase()}`;
}
