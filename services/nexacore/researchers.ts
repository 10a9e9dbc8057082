/**
 * Reading researchers: visible to themselves and to anyone sharing an organization with them
 * (judged from the memberships read model); to anyone else they do not exist. A profile the
 * projection has not made yet is created on demand from Atlas's user stream (once).
 */
import { DomainError } from '../../write/domain-error.js';
import { userIdParam } from '../../write/atlas/commands/access.js';
import {
  ensureResearcherProfile,
  relationOf,
  userInLog,
  type Actor,
  type SharesOrganization,
} from '../../write/nexacore/commands/index.js';
import type { ResearcherProfile } from '../../write/nexacore/researcher.js';
import { membershipsOf } from '../../projections/atlas/access.js';
import type { MembershipDoc } from '../../projections/atlas/models.js';
import type { ReadModels } from '../../projections/read-models.js';
import { NEXACORE_COLLECTIONS, researcherDocId, type ResearcherProfileDoc } from '../../projections/nexacore/models.js';
import type { NexacoreApi } from './context.js';

function researcherFromDoc(doc: ResearcherProfileDoc): ResearcherProfile {
  const { id, user_id, username, expertise_domains, years_experience, created_at, updated_at } = doc;
  return { id, user_id, username, expertise_domains, years_experience, created_at, updated_at };
}

export function sharesOrganization(readModels: ReadModels): SharesOrganization {
  return async (actorId, userId) => {
    const mine = await membershipsOf(readModels, actorId);
    if (mine.length === 0) return false;
    const shared = await readModels.count('memberships', {
      user_id: userId,
      organization_id: { $in: mine.map((m) => m.organization_id) },
    });
    return shared > 0;
  };
}

/** The researcher as `actor` may see them; `not_found` for strangers and unknown or malformed ids. */
export async function researcherFor(
  { deps, commands }: NexacoreApi,
  userId: string,
  actor: Actor,
): Promise<ResearcherProfile> {
  const id = userIdParam(userId, 'researcher');
  const relation = await relationOf(actor.user_id, id, sharesOrganization(deps.readModels));
  if (relation === 'stranger') throw new DomainError('not_found', 'researcher not found');
  const doc = await deps.readModels.findOne<ResearcherProfileDoc>(NEXACORE_COLLECTIONS.researcherProfiles, {
    _id: researcherDocId(id),
  });
  if (doc) return researcherFromDoc(doc);
  const user = await userInLog(commands, id);
  if (!user) throw new DomainError('not_found', 'researcher not found');
  return ensureResearcherProfile(commands, user, actor);
}

/** Profiles of the given members, in their order; one the projection has not made yet is made on demand. */
export async function profilesOf(
  { deps, commands }: NexacoreApi,
  members: readonly MembershipDoc[],
  actor: Actor,
): Promise<ResearcherProfile[]> {
  if (members.length === 0) return [];
  const docs = await deps.readModels.find<ResearcherProfileDoc>(NEXACORE_COLLECTIONS.researcherProfiles, {
    _id: { $in: members.map((m) => researcherDocId(m.user_id)) },
  });
  const byUser = new Map(docs.map((doc) => [doc.user_id, researcherFromDoc(doc)]));
  return Promise.all(
    members.map(async (member) => {
      const known = byUser.get(member.user_id);
      if (known) return known;
      const user = await userInLog(commands, member.user_id);
      if (!user) throw new Error(`member ${member.user_id} of ${member.organization_id} has no user stream`);
      return ensureResearcherProfile(commands, user, actor);
    }),
  );
}
