/**
 * The signed-in session: an access token that is fresh when asked for. It is renewed with the
 * refresh token a minute before it expires, or at once after a 401, under a lock and after
 * re-reading the file (another agent process may have renewed it already). The rotated refresh
 * token is stored before the new access token is used. When renewal is refused, `SignInAgain`.
 */
import path from 'node:path';
import { AtlasApi, type Tokens } from '../api/atlas.js';
import { ProblemError } from '../api/http.js';
import { readCredentials, writeCredentials, type Credentials } from './credentials.js';
import { withLock } from './file-lock.js';

export class SignInAgain extends Error {
  constructor(reason: string) {
    super(`sign in again (\`atlas-agent login\`): ${reason}`);
  }
}

const EARLY_MS = 60_000;

/** When an access token of `expires_in` seconds, received at `now`, should be renewed. */
export const expiresAt = (now: number, expires_in: number): number =>
  now + Math.max(expires_in * 1000 - EARLY_MS, (expires_in * 1000) / 2);

export function credentialsOf(
  atlasUrl: string,
  who: { id: number; username: string },
  tokens: Pick<Tokens, 'access_token' | 'expires_in'> & { refresh_token: string | null },
  method: Credentials['method'],
): Credentials {
  return {
    atlas_url: atlasUrl,
    user_id: who.id,
    username: who.username,
    access_token: tokens.access_token,
    access_expires_at: expiresAt(Date.now(), tokens.expires_in),
    refresh_token: tokens.refresh_token,
    method,
  };
}

export class Session {
  constructor(
    private readonly home: string,
    /** Where the agent is told Atlas is; a refresh token only ever goes back to the Atlas that issued it. */
    private readonly atlasUrl: string,
  ) {}

  current(): Credentials {
    const credentials = readCredentials(this.home);
    if (!credentials) throw new SignInAgain('not signed in');
    return credentials;
  }

  /** A fresh access token; `stale` is the token a server just refused with 401. */
  async accessToken(stale?: string): Promise<{ token: string; user_id: number }> {
    const credentials = this.current();
    if (credentials.access_token !== stale && Date.now() < credentials.access_expires_at)
      return { token: credentials.access_token, user_id: credentials.user_id };
    return withLock(path.join(this.home, 'refresh.lock'), async () => {
      const now = this.current(); // renewed meanwhile by another process?
      if (now.access_token !== (stale ?? credentials.access_token) && Date.now() < now.access_expires_at)
        return { token: now.access_token, user_id: now.user_id };
      if (!now.refresh_token) throw new SignInAgain('the pasted access token has expired');
      if (now.atlas_url !== this.atlasUrl)
        throw new SignInAgain(`you signed in at ${now.atlas_url}, and ATLAS_URL is now ${this.atlasUrl}`);
      let tokens: Tokens;
      try {
        tokens = await new AtlasApi(now.atlas_url).refresh(now.refresh_token);
      } catch (error) {
        if (
          error instanceof ProblemError &&
          error.status >= 400 &&
          error.status < 500 &&
          error.status !== 409 &&
          error.status !== 429
        )
          throw new SignInAgain(error.message);
        throw error;
      }
      writeCredentials(this.home, {
        ...now,
        access_token: tokens.access_token,
        access_expires_at: expiresAt(Date.now(), tokens.expires_in),
        refresh_token: tokens.refresh_token,
      });
      return { token: tokens.access_token, user_id: now.user_id };
    });
  }
}
