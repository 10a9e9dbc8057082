import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../command.js';
import { openWorld, type World } from './fixture.js';
import {
  addMember,
  changeMemberRole,
  createOrganization,
  getOrganization,
  renameOrganization,
} from './organizations.js';

let world: World;
let owner: Actor;
let manager: Actor;
let member: Actor;
let outsider: Actor;
let organization_id: string;

beforeEach(async () => {
  world = openWorld();
  [owner, manager, member, outsider] = await world.registerAll('olga', 'mike', 'mia', 'otto');
  organization_id = (await createOrganization(world.deps, { name: 'AI Research Team' }, owner)).id;
  await addMember(world.deps, { organization_id, user_id: manager.user_id, role: 'manager' }, owner);
  await addMember(world.deps, { organization_id, user_id: member.user_id, role: 'member' }, owner);
});
afterEach(async () => {
  await world.dispose();
});

const refused = (command: () => Promise<unknown>) => world.refused(command);

describe('organizations', () => {
  it('are created with their owner as first member and a time zone (UTC unless given)', async () => {
    const org = await getOrganization(world.deps, { organization_id }, member);
    expect(org).toMatchObject({
      id: organization_id,
      name: 'AI Research Team',
      owner_id: owner.user_id,
      personal: false,
      timezone: 'UTC',
    });
    expect(org.members.map((m) => [m.user_id, m.role])).toEqual([
      [owner.user_id, 'owner'],
      [manager.user_id, 'manager'],
      [member.user_id, 'member'],
    ]);
    const paris = await createOrganization(world.deps, { name: 'Paris', timezone: 'Europe/Paris' }, member);
    expect(paris.timezone).toBe('Europe/Paris');
    expect(
      (await refused(() => createOrganization(world.deps, { name: 'X', timezone: 'Mars/Base' }, member))).pointer,
    ).toBe('/timezone');
    expect((await refused(() => createOrganization(world.deps, { name: '  ' }, member))).pointer).toBe('/name');
  });

  it('do not exist for non-members, nor under malformed ids', async () => {
    expect(await refused(() => getOrganization(world.deps, { organization_id }, outsider))).toMatchObject({
      kind: 'not_found',
    });
    expect(await refused(() => getOrganization(world.deps, { organization_id: 'abc-123' }, owner))).toMatchObject({
      kind: 'not_found',
    });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await refused(() => getOrganization(world.deps, { organization_id: unknown }, owner))).toMatchObject({
      kind: 'not_found',
    });
  });
});

describe('adding members', () => {
  it('managers add members and managers; the answer is the new member', async () => {
    const added = await addMember(world.deps, { organization_id, user_id: outsider.user_id, role: 'member' }, manager);
    expect(added).toMatchObject({ organization_id, user_id: outsider.user_id, username: 'otto', role: 'member' });
  });

  it('members may not; managers may not add owners', async () => {
    const args = { organization_id, user_id: outsider.user_id };
    expect(await refused(() => addMember(world.deps, { ...args, role: 'member' }, member))).toMatchObject({
      kind: 'forbidden',
    });
    expect(await refused(() => addMember(world.deps, { ...args, role: 'owner' }, manager))).toMatchObject({
      kind: 'forbidden',
      pointer: '/role',
    });
  });

  it('the user must exist and not be a member yet', async () => {
    const ghost = await refused(() => addMember(world.deps, { organization_id, user_id: 999, role: 'member' }, owner));
    expect(ghost).toMatchObject({ kind: 'invalid', pointer: '/user_id' });
    const again = await refused(() =>
      addMember(world.deps, { organization_id, user_id: member.user_id, role: 'manager' }, owner),
    );
    expect(again).toMatchObject({ kind: 'conflict' });
  });

  it('a non-member learns nothing, not even whether the user exists', async () => {
    const error = await refused(() =>
      addMember(world.deps, { organization_id, user_id: 999, role: 'member' }, outsider),
    );
    expect(error.kind).toBe('not_found');
  });

  it('validates the body', async () => {
    const error = await refused(() => addMember(world.deps, { organization_id, user_id: '2', role: 'boss' }, owner));
    expect(error.issues.map((i) => i.pointer).sort()).toEqual(['/role', '/user_id']);
  });

  it('adds by username, in any case, as by id', async () => {
    const added = await addMember(world.deps, { organization_id, username: 'OTTO', role: 'member' }, manager);
    expect(added).toMatchObject({ user_id: outsider.user_id, username: 'otto', role: 'member' });
  });

  it('an unknown username is refused at /username; a non-member still learns nothing', async () => {
    const ghost = await refused(() =>
      addMember(world.deps, { organization_id, username: 'nobody', role: 'member' }, owner),
    );
    expect(ghost).toMatchObject({ kind: 'invalid', pointer: '/username' });
    const outside = await refused(() =>
      addMember(world.deps, { organization_id, username: 'nobody', role: 'member' }, outsider),
    );
    expect(outside.kind).toBe('not_found');
  });

  it('a plain member is refused before the lookup: an unknown and a known username answer alike', async () => {
    const unknown = await refused(() =>
      addMember(world.deps, { organization_id, username: 'nobody', role: 'member' }, member),
    );
    const known = await refused(() =>
      addMember(world.deps, { organization_id, username: 'otto', role: 'member' }, member),
    );
    expect(unknown).toMatchObject({ kind: 'forbidden', message: known.message });
    expect(known.kind).toBe('forbidden');
  });

  it('takes exactly one of user_id and username', async () => {
    const both = await refused(() =>
      addMember(world.deps, { organization_id, user_id: outsider.user_id, username: 'otto', role: 'member' }, owner),
    );
    expect(both.issues.map((i) => i.pointer)).toEqual(['/user_id']);
    const neither = await refused(() => addMember(world.deps, { organization_id, role: 'member' }, owner));
    expect(neither.issues.map((i) => i.pointer)).toEqual(['/user_id']);
  });
});

describe('changing roles and renaming', () => {
  it('managers promote members; only owners make owners', async () => {
    const promoted = await changeMemberRole(
      world.deps,
      { organization_id, user_id: String(member.user_id), role: 'manager' },
      manager,
    );
    expect(promoted.role).toBe('manager');
    const error = await refused(() =>
      changeMemberRole(world.deps, { organization_id, user_id: member.user_id, role: 'owner' }, manager),
    );
    expect(error.kind).toBe('forbidden');
    expect(
      (await changeMemberRole(world.deps, { organization_id, user_id: member.user_id, role: 'owner' }, owner)).role,
    ).toBe('owner');
  });

  it('the last owner stays an owner', async () => {
    const error = await refused(() =>
      changeMemberRole(world.deps, { organization_id, user_id: owner.user_id, role: 'member' }, owner),
    );
    expect(error.kind).toBe('conflict');
  });

  it('owners and managers rename; members may not', async () => {
    expect((await renameOrganization(world.deps, { organization_id, name: 'Vision Lab' }, manager)).name).toBe(
      'Vision Lab',
    );
    expect(
      await refused(() => renameOrganization(world.deps, { organization_id, name: 'Mine' }, member)),
    ).toMatchObject({ kind: 'forbidden' });
    expect(
      await refused(() => renameOrganization(world.deps, { organization_id, name: 'Mine' }, outsider)),
    ).toMatchObject({ kind: 'not_found' });
  });
});
