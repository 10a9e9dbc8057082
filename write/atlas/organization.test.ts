import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import type { Role } from '../schemas.js';
import { organization, roleOf } from './organization.js';
import { fold } from '../decider.js';

const given = deciderSpec(organization);
const organization_id = '00000000-0000-4000-8000-0000000000a1';
const now = new Date('2026-03-01T09:00:00.000Z');
const at = now.toISOString();

const created = {
  type: 'atlas.OrganizationCreated' as const,
  data: { organization_id, name: 'AI Research Team', owner_id: 1, personal: false, timezone: 'UTC', created_at: at },
};
const added = (user_id: number, role: Role, added_by = 1) => ({
  type: 'atlas.MemberAdded' as const,
  data: { organization_id, user_id, username: `user${user_id}`, role, added_by, added_at: at },
});
const roleChanged = (user_id: number, previous_role: Role, role: Role, changed_by = 1) => ({
  type: 'atlas.MemberRoleChanged' as const,
  data: { organization_id, user_id, role, previous_role, changed_by, changed_at: at },
});
/** Owner 1, manager 2, member 3. */
const team = [created, added(1, 'owner'), added(2, 'manager'), added(3, 'member')];
const addMember = (user_id: number, role: Role, actor_id: number) =>
  ({ type: 'AddMember', user_id, username: `user${user_id}`, role, actor_id, now }) as const;
const changeRole = (user_id: number, role: Role, actor_id: number) =>
  ({ type: 'ChangeMemberRole', user_id, role, actor_id, now }) as const;
const rename = (name: string, actor_id: number) => ({ type: 'RenameOrganization', name, actor_id, now }) as const;

describe('creating an organization', () => {
  it('makes the owner its first member', () => {
    given([])
      .when({
        type: 'CreateOrganization',
        organization_id,
        name: 'AI Research Team',
        owner: { user_id: 1, username: 'user1' },
        personal: false,
        timezone: 'UTC',
        now,
      })
      .then([created, added(1, 'owner')]);
  });

  it('cannot create it twice', () => {
    given(team)
      .when({
        type: 'CreateOrganization',
        organization_id,
        name: 'x',
        owner: { user_id: 9, username: 'user9' },
        personal: false,
        timezone: 'UTC',
        now,
      })
      .thenThrows('conflict');
  });
});

describe('adding members', () => {
  it('owners add any role', () => {
    given(team)
      .when(addMember(4, 'owner', 1))
      .then([added(4, 'owner')]);
  });

  it('managers add managers and members', () => {
    given(team)
      .when(addMember(4, 'manager', 2))
      .then([added(4, 'manager', 2)]);
    given(team)
      .when(addMember(4, 'member', 2))
      .then([added(4, 'member', 2)]);
  });

  it('managers may not add owners', () => {
    const error = given(team)
      .when(addMember(4, 'owner', 2))
      .thenThrows('forbidden');
    expect(error.pointer).toBe('/role');
  });

  it('members may not add anyone', () => {
    given(team)
      .when(addMember(4, 'member', 3))
      .thenThrows('forbidden');
  });

  it('a member already present is a conflict', () => {
    given(team)
      .when(addMember(3, 'manager', 1))
      .thenThrows('conflict', /already a member/);
  });

  it('a non-member is told the organization does not exist', () => {
    given(team)
      .when(addMember(5, 'member', 4))
      .thenThrows('not_found');
    given([])
      .when(addMember(5, 'member', 1))
      .thenThrows('not_found');
  });
});

describe('changing roles', () => {
  it('managers promote members to managers', () => {
    given(team)
      .when(changeRole(3, 'manager', 2))
      .then([roleChanged(3, 'member', 'manager', 2)]);
  });

  it('only owners make or unmake owners', () => {
    given(team)
      .when(changeRole(3, 'owner', 2))
      .thenThrows('forbidden');
    given([...team, added(4, 'owner')])
      .when(changeRole(4, 'member', 2))
      .thenThrows('forbidden');
    given(team)
      .when(changeRole(3, 'owner', 1))
      .then([roleChanged(3, 'member', 'owner')]);
  });

  it('keeps at least one owner', () => {
    given(team)
      .when(changeRole(1, 'manager', 1))
      .thenThrows('conflict', /at least one owner/);
    given([...team, added(4, 'owner')])
      .when(changeRole(1, 'manager', 4))
      .then([roleChanged(1, 'owner', 'manager', 4)]);
  });

  it('members may not change roles; the same role changes nothing', () => {
    given(team)
      .when(changeRole(2, 'member', 3))
      .thenThrows('forbidden');
    given(team)
      .when(changeRole(3, 'member', 1))
      .thenNothing();
  });

  it('a user who is not a member cannot be changed', () => {
    given(team)
      .when(changeRole(9, 'manager', 1))
      .thenThrows('not_found', /not a member/);
  });

  it('the new role counts from then on', () => {
    const state = fold(organization, [...team, roleChanged(3, 'member', 'manager', 2)]);
    expect(roleOf(state, 3)).toBe('manager');
    given([...team, roleChanged(3, 'member', 'manager', 2)])
      .when(addMember(4, 'member', 3))
      .then([added(4, 'member', 3)]);
  });
});

describe('renaming', () => {
  const renamed = (name: string, by: number) => ({
    type: 'atlas.OrganizationRenamed' as const,
    data: { organization_id, name, previous_name: 'AI Research Team', renamed_by: by, renamed_at: at },
  });

  it('owners and managers rename', () => {
    given(team)
      .when(rename('Vision Lab', 1))
      .then([renamed('Vision Lab', 1)]);
    given(team)
      .when(rename('Vision Lab', 2))
      .then([renamed('Vision Lab', 2)]);
  });

  it('members may not; the same name changes nothing', () => {
    given(team).when(rename('Vision Lab', 3)).thenThrows('forbidden');
    given(team).when(rename('AI Research Team', 1)).thenNothing();
  });
});
