import { describe, expect, it } from 'vitest';
import { roleChange, rolesToAdd } from './membership.js';

const owner = { role: 'owner' as const };
const manager = { role: 'manager' as const };
const member = { role: 'member' as const };

describe('rolesToAdd', () => {
  it('lets owners add any role, managers managers and members, members nothing', () => {
    expect(rolesToAdd('owner')).toEqual(['owner', 'manager', 'member']);
    expect(rolesToAdd('manager')).toEqual(['manager', 'member']);
    expect(rolesToAdd('member')).toEqual([]);
    expect(rolesToAdd(null)).toEqual([]);
  });
});

describe('roleChange', () => {
  it('refuses members and non-members', () => {
    expect(roleChange('member', manager, [owner, manager]).allowed).toBe(false);
    expect(roleChange(null, member, [owner, member]).allowed).toBe(false);
  });

  it('lets a manager move members and managers between those two roles only', () => {
    expect(roleChange('manager', member, [owner, manager, member])).toEqual({
      allowed: true,
      roles: ['manager', 'member'],
    });
    expect(roleChange('manager', manager, [owner, manager])).toEqual({ allowed: true, roles: ['manager', 'member'] });
  });

  it("keeps a manager's hands off owners", () => {
    const change = roleChange('manager', owner, [owner, owner, manager]);
    expect(change).toEqual({ allowed: false, reason: "Only owners change an owner's role." });
  });

  it('lets an owner give any role, also to another owner while one stays', () => {
    expect(roleChange('owner', member, [owner, member])).toEqual({
      allowed: true,
      roles: ['owner', 'manager', 'member'],
    });
    expect(roleChange('owner', owner, [owner, owner])).toEqual({
      allowed: true,
      roles: ['owner', 'manager', 'member'],
    });
  });

  it('never lets the last owner lose the role', () => {
    const change = roleChange('owner', owner, [owner, manager, member]);
    expect(change.allowed).toBe(false);
    if (!change.allowed) expect(change.reason).toMatch(/last owner/);
  });
});
