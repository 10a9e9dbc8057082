/**
 * What the viewer may do to an organization's members, as Atlas decides it
 * (write/atlas/organization.ts), so the view offers only what the API allows:
 * - owners and managers add members and change roles; members do neither;
 * - only owners add owners, and make or unmake them;
 * - an organization keeps at least one owner: its last owner's role cannot change.
 */
import { managesTeam, type Role } from './roles.js';

export const ROLES: readonly Role[] = ['owner', 'manager', 'member'];

/** The roles the viewer may give a new member (none: they may not add members). */
export function rolesToAdd(viewer: Role | null): Role[] {
  if (viewer === 'owner') return [...ROLES];
  if (viewer === 'manager') return ['manager', 'member'];
  return [];
}

export type RoleChange = { allowed: true; roles: Role[] } | { allowed: false; reason: string };

/** Whether the viewer may change `member`'s role, and to which roles (the current one included). */
export function roleChange(
  viewer: Role | null,
  member: { role: Role },
  members: readonly { role: Role }[],
): RoleChange {
  if (!managesTeam(viewer)) return { allowed: false, reason: 'Only owners and managers change roles.' };
  if (member.role === 'owner' && viewer !== 'owner') {
    return { allowed: false, reason: "Only owners change an owner's role." };
  }
  if (member.role === 'owner' && members.filter((m) => m.role === 'owner').length <= 1) {
    return { allowed: false, reason: 'The last owner: an organization keeps at least one owner.' };
  }
  return { allowed: true, roles: viewer === 'owner' ? [...ROLES] : ['manager', 'member'] };
}
