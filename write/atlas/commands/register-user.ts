/**
 * Registration, a small process over several streams (design §3):
 *   allocate an id → reserve the username → reserve the email → UserRegistered
 *   → the user's personal organization, with them as owner.
 * Each step is one append guarded by its stream's revision; each later step names the earlier
 * one's event as its cause. A step that fails undoes the reservations made before it, so a
 * refused registration leaves its username and email free. A failure of the store itself between
 * steps can leave a reservation held or an id unused; ids may therefore have gaps.
 */
import type { ScryptCost } from '../password.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, parseInput } from '../../domain-error.js';
import { emailStream, organizationStream, userIdsStream, userStream, usernameStream } from '../events.js';
import { EmailSchema, UsernameSchema } from '../../schemas.js';
import { organization } from '../organization.js';
import { hashPassword } from '../password.js';
import { emailReservation, usernameReservation } from '../reservation.js';
import { user } from '../user.js';
import { userIds } from '../user-ids.js';
import { load, contextOf, run, type WriteDeps, type CommandContext, type RequestContext } from '../../command.js';
import { organizationView, userView, type OrganizationView, type UserView } from './views.js';

export const PasswordSchema = z.string().min(8).max(1024);

export const RegisterUserInput = z.object({
  username: UsernameSchema,
  email: EmailSchema.transform((email) => email.toLowerCase()),
  password: PasswordSchema,
});

/** Every registration contends for the one id stream: allow many more retries than elsewhere. */
const ID_RETRIES = 100;

export interface Registered {
  user: UserView;
  organization: OrganizationView;
}

/** The personal organization's name; NexaCore calls the same thing "<username>'s Lab". */
/** The write side's dependencies, plus the cost of new password hashes (tests and the bench lower it). */
export type AccountDeps = WriteDeps & { passwordCost?: ScryptCost | undefined };

export function personalOrganizationName(username: string): string {
  return `${username}'s Organization`;
}

export async function registerUser(
  deps: AccountDeps,
  input: unknown,
  request: RequestContext = {},
): Promise<Registered> {
  const { username, email, password } = parseInput(RegisterUserInput, input);
  const context = contextOf(deps, request);

  // Cheap early refusal, so that the common duplicate does not use up a user id. The reservations
  // below are what actually guarantees uniqueness.
  const [byName, byEmail] = await Promise.all([
    load(deps, usernameStream(username), usernameReservation),
    load(deps, emailStream(email), emailReservation),
  ]);
  if (byName.state.holder !== null) throw new DomainError('conflict', 'this username is already taken', '/username');
  if (byEmail.state.holder !== null) throw new DomainError('conflict', 'this email is already taken', '/email');

  const password_hash = await hashPassword(password, deps.passwordCost);
  const allocated = await run(deps, context, userIdsStream, userIds, { type: 'AllocateUserId' }, ID_RETRIES);
  const [allocation] = allocated.events;
  if (!allocation) throw new Error('the user id allocation appended nothing');
  const user_id = allocation.data.user_id;

  // From here on the new user acts on their own behalf; each step names the event that led to it.
  const causedBy = (causation_id: string): CommandContext => ({ ...context, user_id, causation_id });
  const afterAllocation = causedBy(allocation.id);
  const undo: (() => Promise<unknown>)[] = [];
  try {
    const release = { type: 'Release', user_id } as const;
    const reserveName = { type: 'Reserve', value: username, user_id } as const;
    await run(deps, afterAllocation, usernameStream(username), usernameReservation, reserveName);
    undo.push(() => run(deps, afterAllocation, usernameStream(username), usernameReservation, release));
    await run(deps, afterAllocation, emailStream(email), emailReservation, { type: 'Reserve', value: email, user_id });
    undo.push(() => run(deps, afterAllocation, emailStream(email), emailReservation, release));

    const personal_organization_id = randomUUID();
    const registered = await run(deps, afterAllocation, userStream(user_id), user, {
      type: 'RegisterUser',
      user_id,
      username,
      email,
      password_hash,
      personal_organization_id,
      now: context.now,
    });
    undo.length = 0; // the user exists: the name and email are theirs now
    const registration = registered.events[0]!;

    const personalStream = organizationStream(personal_organization_id);
    const created = await run(deps, causedBy(registration.id), personalStream, organization, {
      type: 'CreateOrganization',
      organization_id: personal_organization_id,
      name: personalOrganizationName(username),
      owner: { user_id, username },
      personal: true,
      timezone: 'UTC',
      now: context.now,
    });
    return { user: userView(registered.state), organization: organizationView(created.state) };
  } catch (error) {
    // Best effort, newest first; the error worth reporting is the one that stopped registration.
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  }
}
