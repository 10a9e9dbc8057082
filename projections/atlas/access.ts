/**
 * Who may see what, from Atlas's read models: every service asks the same two questions.
 * A member sees their own data; owners and managers see their organization's.
 */
import type { ReadModels } from '../read-models.js';
import type { Role } from '../../write/schemas.js';
import { membershipId, type MembershipDoc } from './models.js';

export async function membershipOf(
  readModels: ReadModels,
  organization_id: string,
  user_id: number,
): Promise<MembershipDoc | null> {
  return readModels.findOne<MembershipDoc>('memberships', { _id: membershipId(organization_id, user_id) });
}

export const managesTeam = (role: Role | null | undefined): boolean => role === 'owner' || role === 'manager';

/** Organizations the user belongs to, with their role. */
export async function membershipsOf(readModels: ReadModels, user_id: number): Promise<MembershipDoc[]> {
  return readModels.find<MembershipDoc>('memberships', { user_id }, { sort: { joined_at: 1 } });
}
