/** The roles of an organization, as Atlas has them: owners and managers run the team; members see their own. */
export type Role = 'owner' | 'manager' | 'member';

export const managesTeam = (role: Role | null | undefined): boolean => role === 'owner' || role === 'manager';
