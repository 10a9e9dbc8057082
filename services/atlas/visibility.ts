/**
 * Who sees an organization on the read routes: its members; to anyone else it does not exist.
 * Read from the `memberships` read model, as the partners do (access.ts).
 */
import { notFound } from '../../http/index.js';
import type { ReadModels } from '../../projections/read-models.js';
import { membershipOf } from '../../projections/atlas/access.js';
import type { MembershipDoc } from '../../projections/atlas/models.js';
import { isUuid } from './query-schemas.js';

/** The caller's membership of the organization, or a 404 naming `what`. */
export async function memberOrNotFound(
  readModels: ReadModels,
  organization_id: string,
  user_id: number,
  what: string,
): Promise<MembershipDoc> {
  const membership = isUuid(organization_id)
    ? await membershipOf(readModels, organization_id.toLowerCase(), user_id)
    : null;
  if (!membership) throw notFound(`${what} not found`);
  return membership;
}
