/**
 * An organization and its members. Roles: owners run everything; managers add members, rename,
 * and run projects; members work on tasks. Only owners make or unmake owners, and an organization
 * always keeps at least one owner. A user who is not a member does not see the organization at
 * all (`not_found`, not `forbidden`), so ids do not leak its existence.
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { AtlasEventOf } from './events.js';
import type { Role } from '../schemas.js';

export type OrganizationEvent = AtlasEventOf<
  'atlas.OrganizationCreated' | 'atlas.OrganizationRenamed' | 'atlas.MemberAdded' | 'atlas.MemberRoleChanged'
>;

export type OrganizationCommand =
  | {
      type: 'CreateOrganization';
      organization_id: string;
      name: string;
      owner: { user_id: number; username: string };
      personal: boolean;
      timezone: string;
      now: Date;
    }
  | { type: 'AddMember'; user_id: number; username: string; role: Role; actor_id: number; now: Date }
  | { type: 'ChangeMemberRole'; user_id: number; role: Role; actor_id: number; now: Date }
  | { type: 'RenameOrganization'; name: string; actor_id: number; now: Date };

export interface Member {
  user_id: number;
  username: string;
  role: Role;
  joined_at: string;
}

export type OrganizationState =
  | { exists: false }
  | {
      exists: true;
      organization_id: string;
      name: string;
      owner_id: number;
      personal: boolean;
      timezone: string;
      created_at: string;
      members: ReadonlyMap<number, Member>;
    };

export type ExistingOrganization = Extract<OrganizationState, { exists: true }>;

/** The role of a user in the organization, or null when they are not a member. */
export function roleOf(state: OrganizationState, userId: number): Role | null {
  return state.exists ? (state.members.get(userId)?.role ?? null) : null;
}

export function isManagerOrOwner(role: Role | null): boolean {
  return role === 'owner' || role === 'manager';
}

function evolve(state: OrganizationState, event: OrganizationEvent): OrganizationState {
  if (event.type === 'atlas.OrganizationCreated') {
    const { organization_id, name, owner_id, personal, timezone, created_at } = event.data;
    return { exists: true, organization_id, name, owner_id, personal, timezone, created_at, members: new Map() };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'atlas.OrganizationRenamed':
      return { ...state, name: event.data.name };
    case 'atlas.MemberAdded': {
      const { user_id, username, role, added_at } = event.data;
      const members = new Map(state.members).set(user_id, { user_id, username, role, joined_at: added_at });
      return { ...state, members };
    }
    case 'atlas.MemberRoleChanged': {
      const member = state.members.get(event.data.user_id);
      if (!member) return state;
      const members = new Map(state.members).set(member.user_id, { ...member, role: event.data.role });
      return { ...state, members };
    }
  }
}

/** The organization as its member `actorId` sees it; anyone else is told it does not exist. */
function visibleTo(state: OrganizationState, actorId: number): { org: ExistingOrganization; role: Role } {
  const role = roleOf(state, actorId);
  if (!state.exists || role === null) throw new DomainError('not_found', 'organization not found');
  return { org: state, role };
}

function decide(command: OrganizationCommand, state: OrganizationState): OrganizationEvent[] {
  const at = command.now.toISOString();
  if (command.type === 'CreateOrganization') {
    if (state.exists) throw new DomainError('conflict', `organization ${command.organization_id} already exists`);
    const { organization_id, name, owner, personal, timezone } = command;
    return [
      {
        type: 'atlas.OrganizationCreated',
        data: { organization_id, name, owner_id: owner.user_id, personal, timezone, created_at: at },
      },
      {
        type: 'atlas.MemberAdded',
        data: {
          organization_id,
          user_id: owner.user_id,
          username: owner.username,
          role: 'owner',
          added_by: owner.user_id,
          added_at: at,
        },
      },
    ];
  }

  const { org, role: actorRole } = visibleTo(state, command.actor_id);
  const organization_id = org.organization_id;
  switch (command.type) {
    case 'RenameOrganization': {
      if (!isManagerOrOwner(actorRole)) throw new DomainError('forbidden', 'only owners and managers may rename');
      if (command.name === org.name) return [];
      return [
        {
          type: 'atlas.OrganizationRenamed',
          data: {
            organization_id,
            name: command.name,
            previous_name: org.name,
            renamed_by: command.actor_id,
            renamed_at: at,
          },
        },
      ];
    }
    case 'AddMember': {
      if (!isManagerOrOwner(actorRole)) throw new DomainError('forbidden', 'only owners and managers may add members');
      if (command.role === 'owner' && actorRole !== 'owner') {
        throw new DomainError('forbidden', 'only owners may add owners', '/role');
      }
      if (org.members.has(command.user_id)) {
        throw new DomainError('conflict', `user ${command.user_id} is already a member`, '/user_id');
      }
      const { user_id, username, role } = command;
      return [
        {
          type: 'atlas.MemberAdded',
          data: { organization_id, user_id, username, role, added_by: command.actor_id, added_at: at },
        },
      ];
    }
    case 'ChangeMemberRole': {
      if (!isManagerOrOwner(actorRole)) throw new DomainError('forbidden', 'only owners and managers may change roles');
      const member = org.members.get(command.user_id);
      if (!member) throw new DomainError('not_found', `user ${command.user_id} is not a member`, '/user_id');
      if (member.role === command.role) return [];
      if ((member.role === 'owner' || command.role === 'owner') && actorRole !== 'owner') {
        throw new DomainError('forbidden', 'only owners may make or unmake owners', '/role');
      }
      const owners = [...org.members.values()].filter((m) => m.role === 'owner').length;
      if (member.role === 'owner' && owners === 1) {
        throw new DomainError('conflict', 'an organization keeps at least one owner', '/role');
      }
      return [
        {
          type: 'atlas.MemberRoleChanged',
          data: {
            organization_id,
            user_id: member.user_id,
            role: command.role,
            previous_role: member.role,
            changed_by: command.actor_id,
            changed_at: at,
          },
        },
      ];
    }
  }
}

export const organization: Decider<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  initialState: { exists: false },
  evolve,
  decide,
};
