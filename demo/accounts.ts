/**
 * The demo's people as Atlas users: registered on the first run, signed in on every run (a user
 * that exists is never registered again). An account keeps its access token fresh with the
 * refresh token, so a long run never sends an expired one.
 */
import type { AtlasClient } from './api/atlas.js';
import { refusedWith } from './api/http.js';
import type { Tokens } from './api/schemas.js';
import type { Person } from './people.js';

/** Renew the access token when it has less than this left. */
const RENEW_BEFORE_MS = 60_000;

export interface Account {
  person: Person;
  user_id: number;
  /** Registered by this run (else it existed and was only signed in). */
  registered: boolean;
  /** A valid access token. */
  token(): Promise<string>;
  /** Revokes this run's refresh token. */
  signOut(): Promise<void>;
}

export async function signIn(atlas: AtlasClient, person: Person, password: string): Promise<Account> {
  let registered = false;
  try {
    await atlas.register(person.username, person.email, password);
    registered = true;
  } catch (error) {
    if (!refusedWith(error, 409)) throw error; // 409: the username (or email) is taken: the user exists
  }
  let tokens: Tokens;
  try {
    tokens = await atlas.login(person.username, password);
  } catch (error) {
    if (refusedWith(error, 401))
      throw new Error(
        `${person.username} exists but does not accept the demo password: was it changed, or taken by someone else?`,
      );
    throw error;
  }
  const { id: user_id } = await atlas.me(tokens.access_token);
  let expiresAt = Date.now() + tokens.expires_in * 1000;
  let renewing: Promise<void> | null = null;
  const renew = async () => {
    tokens = await atlas.refresh(tokens.refresh_token);
    expiresAt = Date.now() + tokens.expires_in * 1000;
  };
  return {
    person,
    user_id,
    registered,
    async token() {
      if (Date.now() > expiresAt - RENEW_BEFORE_MS) {
        renewing ??= renew().finally(() => (renewing = null));
        await renewing;
      }
      return tokens.access_token;
    },
    async signOut() {
      await atlas.logout(tokens.refresh_token);
    },
  };
}
