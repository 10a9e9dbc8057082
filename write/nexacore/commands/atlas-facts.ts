/**
 * What Atlas's own streams say about an organization or a user: the authority, read when the
 * Atlas read models do not know (yet) and by every NexaCore command, which must not act on a lag.
 */
import { loadState } from '../../load.js';
import { organizationStream, userStream } from '../../atlas/events.js';
import { type Role } from '../../schemas.js';
import { organization, roleOf } from '../../atlas/organization.js';
import { user } from '../../atlas/user.js';
import type { OrganizationFacts } from '../lab.js';
import type { UserFacts } from '../researcher.js';
import type { WriteDeps } from '../../command.js';

export interface OrganizationInLog {
  facts: OrganizationFacts;
  roleOf(userId: number): Role | null;
}

export async function organizationInLog(deps: WriteDeps, organizationId: string): Promise<OrganizationInLog | null> {
  const { state } = await loadState({
    store: deps.store,
    stream: organizationStream(organizationId),
    decider: organization,
    cache: deps.cache,
  });
  if (!state.exists) return null;
  const { organization_id, name, personal, timezone, created_at } = state;
  return {
    facts: { organization_id, name, personal, timezone, created_at },
    roleOf: (userId) => roleOf(state, userId),
  };
}

export async function userInLog(deps: WriteDeps, userId: number): Promise<UserFacts | null> {
  const { state } = await loadState({
    store: deps.store,
    stream: userStream(userId),
    decider: user,
    cache: deps.cache,
  });
  if (!state.registered) return null;
  return { user_id: state.user_id, username: state.username, registered_at: state.registered_at };
}
