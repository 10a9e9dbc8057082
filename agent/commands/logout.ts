/** `atlas-agent logout`: revokes the refresh token at Atlas, then deletes the local credentials (also when Atlas cannot be reached: said so). */
import { AtlasApi } from '../api/atlas.js';
import { NetworkError, ProblemError } from '../api/http.js';
import { deleteCredentials, readCredentials } from '../home/credentials.js';
import { HomeError } from '../home/home-error.js';
import type { Io } from './io.js';

export async function logout(io: Io): Promise<void> {
  let credentials;
  try {
    credentials = readCredentials(io.settings.home);
  } catch (error) {
    if (!(error instanceof HomeError)) throw error;
    deleteCredentials(io.settings.home); // damaged: nothing to revoke with; removing it is what the user asked
    io.out('Signed out (the credentials file was damaged; it is deleted).\n');
    return;
  }
  if (!credentials) {
    io.out('Not signed in.\n');
    return;
  }
  let note = '';
  if (credentials.refresh_token) {
    try {
      await new AtlasApi(credentials.atlas_url).logout(credentials.refresh_token);
    } catch (error) {
      if (!(error instanceof NetworkError || error instanceof ProblemError)) throw error;
      note = ` (Atlas could not revoke the login: ${error.message}; it expires on its own)`;
    }
  }
  deleteCredentials(io.settings.home);
  io.out(`Signed out ${credentials.username}${note}. Queued minutes stay until you sign in again.\n`);
}
