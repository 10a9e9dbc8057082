/**
 * Who a user is: by id (for `/me` and token subjects) and by username and password (login).
 */
import type { AccountDeps } from './register-user.js';
import { z } from 'zod';
import { parseInput } from '../../domain-error.js';
import { usernameStream, userStream } from '../events.js';
import { decoyHash, verifyPassword } from '../password.js';
import { usernameReservation } from '../reservation.js';
import { user } from '../user.js';
import { load, type WriteDeps } from '../../command.js';
import { userView, type UserView } from './views.js';

/** Login is lenient about shape (no username rules), so it never tells which names could exist. */
export const AuthenticateInput = z.object({
  username: z.string().min(1).max(254),
  password: z.string().max(1024),
});

/** The user with this id, or null. No access check: callers pass an id they already trust. */
export async function getUser(deps: WriteDeps, userId: number): Promise<UserView | null> {
  if (!Number.isSafeInteger(userId) || userId < 1) return null;
  const { state } = await load(deps, userStream(userId), user);
  return state.registered ? userView(state) : null;
}

/**
 * The user whose username (any case) and password match, or null. An unknown username costs one
 * full scrypt verification too, against a decoy hash, so timing does not reveal which names exist.
 */
export async function authenticate(deps: AccountDeps, input: unknown): Promise<UserView | null> {
  const { username, password } = parseInput(AuthenticateInput, input);
  const decoy = decoyHash(deps.passwordCost);
  const { state: reservation } = await load(deps, usernameStream(username), usernameReservation);
  const found = reservation.holder === null ? null : (await load(deps, userStream(reservation.holder), user)).state;
  const registered = found?.registered ? found : null;
  const matches = await verifyPassword(password, registered?.password_hash ?? (await decoy));
  return matches && registered ? userView(registered) : null;
}
