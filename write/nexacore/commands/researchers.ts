/**
 * Researchers: a researcher states their own expertise and experience; a profile is created on
 * the first request that finds none. Both act on Atlas's user stream, never on a lagging read model.
 */
import { z } from 'zod';
import { DomainError, parseInput } from '../../domain-error.js';
import { userIdParam } from '../../atlas/commands/access.js';
import type { InputWith } from '../../command.js';
import { ExpertiseDomainsSchema, YearsExperienceSchema, researcherStream } from '../events.js';
import { researcherCreationEventId } from '../ids.js';
import { researcher, researcherProfile, type Relation, type ResearcherProfile, type UserFacts } from '../researcher.js';
import { userInLog } from './atlas-facts.js';
import { appendOnce, contextOf, run, type Actor, type WriteDeps } from '../../command.js';

export const UpdateResearcherInput = z.object({
  expertise_domains: ExpertiseDomainsSchema,
  years_experience: YearsExperienceSchema,
});

/** Whether two users share an organization; asked only when the actor is not the researcher. */
export type SharesOrganization = (actorId: number, userId: number) => Promise<boolean>;

export async function relationOf(actorId: number, userId: number, shares: SharesOrganization): Promise<Relation> {
  if (actorId === userId) return 'self';
  return (await shares(actorId, userId)) ? 'colleague' : 'stranger';
}

export async function updateResearcher(
  deps: WriteDeps,
  input: InputWith<'user_id'>,
  actor: Actor,
  shares: SharesOrganization,
): Promise<ResearcherProfile> {
  const userId = userIdParam(input.user_id, 'researcher');
  const relation = await relationOf(actor.user_id, userId, shares);
  // A stranger is told the researcher does not exist, before anything else is looked at.
  if (relation === 'stranger') throw new DomainError('not_found', 'researcher not found');
  const { expertise_domains, years_experience } = parseInput(UpdateResearcherInput, input);
  const user = await userInLog(deps, userId);
  if (!user) throw new DomainError('not_found', 'researcher not found');
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, researcherStream(userId), researcher, {
    type: 'UpdateResearcherProfile',
    user_id: userId,
    relation,
    expertise_domains,
    years_experience,
    now: context.now,
  });
  return researcherProfile(user, state);
}

/**
 * A researcher's profile, from the log, recording its creation on the first request
 * (get_or_create, once: see `appendOnce`). The caller has checked that the actor may see it.
 */
export async function ensureResearcherProfile(
  deps: WriteDeps,
  user: UserFacts,
  actor: Actor,
): Promise<ResearcherProfile> {
  const state = await appendOnce(
    deps,
    contextOf(deps, actor),
    researcherStream(user.user_id),
    researcher,
    { type: 'CreateResearcherProfile', user, requested_by: actor.user_id },
    researcherCreationEventId(user.user_id),
  );
  return researcherProfile(user, state);
}
