/**
 * Who sees whose activity (docs/codecrafters.md, "Who sees what"): a member sees their own; owners
 * and managers see their organization's members and aggregates, and only the activity attributed
 * to that organization; nobody sees another organization's data. Resources one may not see are
 * 404, so ids leak nothing; 403 only where the caller shares the organization but their role is
 * not enough.
 */
import { forbidden, notFound } from '../../http/index.js';
import { managesTeam, membershipOf, membershipsOf } from '../../projections/atlas/access.js';
import type { MembershipDoc } from '../../projections/atlas/models.js';
import type { ReadModels } from '../../projections/read-models.js';

/** The caller's membership of an organization they manage; 403 for a plain member, 404 otherwise. */
export async function requireManager(
  readModels: ReadModels,
  organizationId: string,
  viewer: number,
): Promise<MembershipDoc> {
  const membership = await membershipOf(readModels, organizationId, viewer);
  if (!membership) throw notFound(`no organization ${organizationId}`);
  if (!managesTeam(membership.role)) throw forbidden('only owners and managers see the team');
  return membership;
}

/** The organization whose activity of `target` the viewer sees: whose scope an answer covers. */
export type Scope = { kind: 'own' } | { kind: 'organization'; organization_id: string };

/**
 * The scope of the viewer's question about `target`'s activity, optionally in one organization.
 * Yourself: everything, or one of your organizations. Someone else: an organization you manage and
 * they belong to (the first you joined when none is named).
 */
export async function scopeFor(
  readModels: ReadModels,
  viewer: number,
  target: number,
  organizationId?: string,
): Promise<Scope> {
  if (organizationId !== undefined) {
    const [mine, theirs] = await Promise.all([
      membershipOf(readModels, organizationId, viewer),
      viewer === target ? null : membershipOf(readModels, organizationId, target),
    ]);
    if (!mine) throw notFound(`no organization ${organizationId}`);
    if (viewer === target) return { kind: 'organization', organization_id: organizationId };
    if (!theirs) throw notFound(`no member ${target} in organization ${organizationId}`);
    if (!managesTeam(mine.role)) throw forbidden("only owners and managers see other members' activity");
    return { kind: 'organization', organization_id: organizationId };
  }
  if (viewer === target) return { kind: 'own' };
  const relation = await relationTo(readModels, viewer, target);
  if (relation.managed.length > 0) return { kind: 'organization', organization_id: relation.managed[0]! };
  if (relation.shared) throw forbidden("only owners and managers see other members' activity");
  throw notFound(`no user ${target}`);
}

export interface Relation {
  /** Organizations the viewer manages that the target belongs to, in the order the viewer joined them. */
  managed: string[];
  /** Whether they share any organization. */
  shared: boolean;
}

export async function relationTo(readModels: ReadModels, viewer: number, target: number): Promise<Relation> {
  const mine = await membershipsOf(readModels, viewer);
  const theirs = await Promise.all(mine.map((m) => membershipOf(readModels, m.organization_id, target)));
  const managed = mine.filter((m, i) => theirs[i] !== null && managesTeam(m.role)).map((m) => m.organization_id);
  return { managed, shared: theirs.some((t) => t !== null) };
}
