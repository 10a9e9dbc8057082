/**
 * Reading labs: the read model first; when it does not know the lab or the caller's membership
 * yet, Atlas's organization stream decides, and a lab the projection has not made yet is created
 * on demand (once, see write/nexacore/commands/labs.ts). Non-members are told the lab does not
 * exist, whatever the reason.
 */
import { DomainError } from '../../write/domain-error.js';
import type { Role } from '../../write/schemas.js';
import { resourceId } from '../../write/atlas/commands/access.js';
import { ensureLabProfile, organizationInLog, type Actor } from '../../write/nexacore/commands/index.js';
import type { LabProfile } from '../../write/nexacore/lab.js';
import { membershipOf, membershipsOf } from '../../projections/atlas/access.js';
import type { MembershipDoc } from '../../projections/atlas/models.js';
import { NEXACORE_COLLECTIONS, type LabProfileDoc } from '../../projections/nexacore/models.js';
import type { NexacoreApi } from './context.js';

function labFromDoc(doc: LabProfileDoc): LabProfile {
  const { id, organization_id, lab_name, domain, organization_name, personal, timezone, created_at, updated_at } = doc;
  return { id, organization_id, lab_name, domain, organization_name, personal, timezone, created_at, updated_at };
}

export interface LabInSight {
  profile: LabProfile;
  role: Role;
}

/** The lab as `actor` may see it, with their role; `not_found` for non-members and unknown or malformed ids. */
export async function labFor(
  { deps, commands }: NexacoreApi,
  organizationId: string,
  actor: Actor,
): Promise<LabInSight> {
  const id = resourceId(organizationId, 'lab');
  const [membership, doc] = await Promise.all([
    membershipOf(deps.readModels, id, actor.user_id),
    deps.readModels.findOne<LabProfileDoc>(NEXACORE_COLLECTIONS.labProfiles, { _id: id }),
  ]);
  if (membership && doc) return { profile: labFromDoc(doc), role: membership.role };

  const organization = await organizationInLog(commands, id);
  const role = organization?.roleOf(actor.user_id) ?? null;
  if (!organization || role === null) throw new DomainError('not_found', 'lab not found');
  const profile = doc ? labFromDoc(doc) : await ensureLabProfile(commands, organization.facts, actor);
  return { profile, role };
}

/** The labs of the organizations the actor belongs to, as the read models know them now. */
export async function labsOf({ deps }: NexacoreApi, actor: Actor): Promise<(LabProfile & { role: Role })[]> {
  const memberships = await membershipsOf(deps.readModels, actor.user_id);
  if (memberships.length === 0) return [];
  const docs = await deps.readModels.find<LabProfileDoc>(NEXACORE_COLLECTIONS.labProfiles, {
    _id: { $in: memberships.map((m) => m.organization_id) },
  });
  const byId = new Map(docs.map((doc) => [doc._id, doc]));
  return memberships.flatMap((m) => {
    const doc = byId.get(m.organization_id);
    return doc ? [{ ...labFromDoc(doc), role: m.role }] : [];
  });
}

/** An organization's members as the read model knows them, in the order they joined. */
export function membersOf({ deps }: NexacoreApi, organizationId: string): Promise<MembershipDoc[]> {
  return deps.readModels.find<MembershipDoc>(
    'memberships',
    { organization_id: organizationId },
    { sort: { joined_at: 1, user_id: 1 } },
  );
}
