/**
 * `PUT /api/v1/productivity/profiles/:user_id`: the user changes their tracking settings. Fields
 * left out keep their value. A default organization must be one the user is a member of.
 */
import type { z } from 'zod';
import { contextOf, run, type WriteDeps } from '../command.js';
import { DomainError, parseInput } from '../domain-error.js';
import { ProfileSettingsSchema, profileStream } from './events.js';
import type { ActivityFacts } from './facts.js';
import { profile, type ProfileState } from './profile.js';

export const UpdateProfileInput = ProfileSettingsSchema.partial().refine(
  (input) => Object.values(input).some((value) => value !== undefined),
  'name at least one setting to change',
);

export type ProfileDeps = WriteDeps & { facts: Pick<ActivityFacts, 'isMember'> };

export interface ProfileChange {
  user_id: number;
  actor_id: number;
  /** The request id (mapped onto a UUID for the events' metadata). */
  correlation_id: string;
}

export async function updateProfile(deps: ProfileDeps, input: unknown, change: ProfileChange): Promise<ProfileState> {
  const changes = parseInput(UpdateProfileInput, input) as z.output<typeof UpdateProfileInput>;
  if (change.actor_id !== change.user_id) {
    throw new DomainError('forbidden', 'only the user themself changes their productivity profile');
  }
  const organization = changes.default_organization_id;
  if (organization != null && !(await deps.facts.isMember(organization, change.user_id))) {
    throw new DomainError(
      'invalid',
      `you are not a member of organization ${organization}`,
      '/default_organization_id',
    );
  }
  const context = contextOf(deps, { user_id: change.actor_id, correlation_id: change.correlation_id });
  const command = {
    type: 'UpdateProfile',
    user_id: change.user_id,
    changes,
    actor_id: change.actor_id,
    now: context.now,
  } as const;
  const { state } = await run(deps, context, profileStream(change.user_id), profile, command);
  return state;
}
