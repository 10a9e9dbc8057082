/**
 * `PUT /api/v1/productivity/profiles/:user_id`: the user changes their tracking settings. Fields
 * left out keep their value. A default organization must be one the user is a member of.
 */
import { z } from 'zod';
import type { EventStore } from '../../stores/events/port.js';
import { DomainError, parseInput } from '../domain-error.js';
import { handleCommand } from '../handle.js';
import type { StateCache } from '../state-cache.js';
import { ProfileSettingsSchema, profileStream } from './events.js';
import type { ActivityFacts } from './facts.js';
import { profile, type ProfileState } from './profile.js';

export const UpdateProfileInput = ProfileSettingsSchema.partial().refine(
  (input) => Object.values(input).some((value) => value !== undefined),
  'name at least one setting to change',
);

export interface ProfileDeps {
  store: EventStore;
  facts: Pick<ActivityFacts, 'isMember'>;
  clock: () => Date;
  cache?: StateCache;
}

export interface ProfileChange {
  user_id: number;
  actor_id: number;
  correlation_id: string;
}

export async function updateProfile(deps: ProfileDeps, input: unknown, change: ProfileChange): Promise<ProfileState> {
  const changes = parseInput(UpdateProfileInput, input) as z.output<typeof UpdateProfileInput>;
  if (change.actor_id !== change.user_id) {
    throw new DomainError('forbidden', 'only the user themself changes their productivity profile');
  }
  const organization = changes.default_organization_id;
  if (organization != null && !(await deps.facts.isMember(organization, change.user_id))) {
    throw new DomainError('invalid', `you are not a member of organization ${organization}`, '/default_organization_id');
  }
  const { state } = await handleCommand({
    store: deps.store,
    stream: profileStream(change.user_id),
    decider: profile,
    command: { type: 'UpdateProfile', user_id: change.user_id, changes, actor_id: change.actor_id, now: deps.clock() },
    metadata: { correlation_id: change.correlation_id, causation_id: null, user_id: change.actor_id },
    now: deps.clock(),
    ...(deps.cache ? { cache: deps.cache } : {}),
  });
  return state;
}
