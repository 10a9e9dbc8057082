/**
 * The credentials file (`credentials.json` in the agent's home): who is signed in, the access
 * token and, when the login gave one, the refresh token. Never a password. Written atomically
 * (a temporary file renamed over it) and readable by the user alone (0600, in a 0700 folder).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HomeError } from './home-error.js';

export const Credentials = z.strictObject({
  atlas_url: z.string(),
  user_id: z.number().int().positive(),
  username: z.string(),
  access_token: z.string().min(1),
  /** Epoch ms; a little before the token's `exp`. */
  access_expires_at: z.number(),
  /** Null when the user pasted an access token: it cannot be renewed, they sign in again. */
  refresh_token: z.string().min(1).nullable(),
  /** How the user signed in: shown by `status`. */
  method: z.enum(['token', 'password', 'browser']),
});
export type Credentials = z.infer<typeof Credentials>;

export const credentialsFile = (home: string): string => path.join(home, 'credentials.json');

export function readCredentials(home: string): Credentials | null {
  let text: string;
  try {
    text = readFileSync(credentialsFile(home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = Credentials.safeParse(json);
  if (!parsed.success) throw new HomeError(`${credentialsFile(home)} is damaged; run \`atlas-agent login\` again`);
  return parsed.data;
}

export function writeCredentials(home: string, credentials: Credentials): void {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  chmodSync(home, 0o700);
  const file = credentialsFile(home);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(Credentials.parse(credentials), null, 2)}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function deleteCredentials(home: string): void {
  rmSync(credentialsFile(home), { force: true });
}
