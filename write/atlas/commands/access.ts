/**
 * Who may see what: a user sees an organization, and its projects and tasks, only as a member.
 * To anyone else they do not exist (`not_found`, never `forbidden`), so that guessing ids tells
 * nothing; `forbidden` is kept for members whose role is not enough.
 */
import { z } from 'zod';
import { DomainError } from '../../domain-error.js';
import { organizationStream, userStream } from '../events.js';
import { UserIdTextSchema, UserIdSchema, UuidSchema, type Role } from '../../schemas.js';
import { organization, roleOf, type ExistingOrganization } from '../organization.js';
import { user } from '../user.js';
import { load, type WriteDeps, type Actor } from '../../command.js';

/** An id taken from a URL: a malformed one names nothing, so it is `not_found` rather than `invalid`. */
export function resourceId(value: unknown, what: string): string {
  const parsed = UuidSchema.safeParse(value);
  if (!parsed.success) throw new DomainError('not_found', `${what} not found`);
  return parsed.data.toLowerCase();
}

/** The organization and the actor's role in it; `not_found` unless the actor is a member. */
export async function membershipOf(
  deps: WriteDeps,
  organizationId: string,
  actor: Actor,
  what = 'organization',
): Promise<{ organization: ExistingOrganization; actor: { user_id: number; role: Role } }> {
  const { state } = await load(deps, organizationStream(organizationId), organization);
  const role = roleOf(state, actor.user_id);
  if (!state.exists || role === null) throw new DomainError('not_found', `${what} not found`);
  return { organization: state, actor: { user_id: actor.user_id, role } };
}

/** The registered user with this id; `invalid` at `pointer` when there is none. */
export async function existingUser(deps: WriteDeps, userId: number, pointer: string) {
  const { state } = await load(deps, userStream(userId), user);
  if (!state.registered) throw new DomainError('invalid', `there is no user ${userId}`, pointer);
  return state;
}

/** A user id taken from a URL (digits) or already a number; `not_found` when it cannot be one. */
export function userIdParam(value: unknown, what: string): number {
  const parsed = z.union([UserIdSchema, UserIdTextSchema]).safeParse(value);
  if (!parsed.success) throw new DomainError('not_found', `${what} not found`);
  return parsed.data;
}
