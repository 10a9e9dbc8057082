/**
 * Who sees whose performance, from Atlas's read models:
 * - everyone sees their own, in every organization they belong to;
 * - owners and managers see their organization's members, with that organization's numbers only;
 * - to anyone outside an organization it does not exist (404); a member asking for what only
 *   owners and managers see is refused (403).
 */
import { userIdOf } from '../../write/schemas.js';
import { forbidden, notFound } from '../../http/index.js';
import { managesTeam, membershipOf, membershipsOf } from '../../projections/atlas/access.js';
import type { MembershipDoc, OrganizationDoc } from '../../projections/atlas/models.js';
import type { ReadModels } from '../../projections/read-models.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An organization id from the URL: a malformed one names nothing (404, as Atlas does). */
export function organizationIdParam(value: string): string {
  if (!UUID.test(value)) throw notFound('organization not found');
  return value.toLowerCase();
}

/** A user id from the URL: digits, or 404. */
export function userIdParam(value: string): number {
  const id = userIdOf(value);
  if (id === null) throw notFound('user not found');
  return id;
}

/** The organization for its owners and managers: 404 to outsiders, 403 to plain members. */
export async function teamSeenBy(
  readModels: ReadModels,
  organizationId: string,
  callerId: number,
): Promise<OrganizationDoc> {
  const caller = await membershipOf(readModels, organizationId, callerId);
  if (!caller) throw notFound('organization not found');
  if (!managesTeam(caller.role))
    throw forbidden("only the organization's owners and managers see its members' performance");
  const organization = await readModels.findOne<OrganizationDoc>('organizations', { _id: organizationId });
  if (!organization) throw notFound('organization not found');
  return organization;
}

/**
 * The target user's memberships whose numbers the caller may see, optionally only the one in
 * `organizationId`. Yourself: all of yours. Someone else: those in organizations you own or manage.
 */
export async function visibleMemberships(
  readModels: ReadModels,
  callerId: number,
  userId: number,
  organizationId?: string,
): Promise<MembershipDoc[]> {
  if (organizationId !== undefined) {
    const caller = await membershipOf(readModels, organizationId, callerId);
    if (!caller) throw notFound('organization not found');
    const target = userId === callerId ? caller : await membershipOf(readModels, organizationId, userId);
    if (!target) throw notFound('user not found');
    if (userId !== callerId && !managesTeam(caller.role)) {
      throw forbidden("only the organization's owners and managers see other members' performance");
    }
    return [target];
  }
  const theirs = await membershipsOf(readModels, userId);
  if (userId === callerId) {
    if (theirs.length === 0) throw notFound('user not found');
    return theirs;
  }
  const mine = new Map((await membershipsOf(readModels, callerId)).map((m) => [m.organization_id, m]));
  const shared = theirs.filter((m) => mine.has(m.organization_id));
  if (shared.length === 0) throw notFound('user not found');
  const managed = shared.filter((m) => managesTeam(mine.get(m.organization_id)!.role));
  if (managed.length === 0)
    throw forbidden("only the organization's owners and managers see other members' performance");
  return managed;
}
