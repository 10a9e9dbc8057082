/**
 * Organizations and their members. Rules live in the organization decider; this file finds the
 * streams and the facts it needs (the actor's username, whether the target user exists).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, parseInput } from '../../domain-error.js';
import { organizationStream, userStream } from '../events.js';
import { OrganizationNameSchema, RoleSchema, TimeZoneSchema, UserIdSchema } from '../../schemas.js';
import { organization } from '../organization.js';
import { user } from '../user.js';
import { existingUser, membershipOf, resourceId, userIdParam } from './access.js';
import { load, contextOf, run, type Actor, type WriteDeps, type InputWith } from '../../command.js';
import { memberView, organizationView, type MemberView, type OrganizationView } from './views.js';

export const CreateOrganizationInput = z.object({
  name: OrganizationNameSchema,
  timezone: TimeZoneSchema.default('UTC'),
});
export const AddMemberInput = z.object({ user_id: UserIdSchema, role: RoleSchema });
export const ChangeMemberRoleInput = z.object({ role: RoleSchema });
export const RenameOrganizationInput = z.object({ name: OrganizationNameSchema });

export async function createOrganization(deps: WriteDeps, input: unknown, actor: Actor): Promise<OrganizationView> {
  const { name, timezone } = parseInput(CreateOrganizationInput, input);
  const { state: owner } = await load(deps, userStream(actor.user_id), user);
  if (!owner.registered) throw new DomainError('not_found', `user ${actor.user_id} not found`);
  const organization_id = randomUUID();
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, organizationStream(organization_id), organization, {
    type: 'CreateOrganization',
    organization_id,
    name,
    owner: { user_id: owner.user_id, username: owner.username },
    personal: false,
    timezone,
    now: context.now,
  });
  return organizationView(state);
}

export async function getOrganization(
  deps: WriteDeps,
  input: InputWith<'organization_id'>,
  actor: Actor,
): Promise<OrganizationView> {
  const { organization: state } = await membershipOf(deps, resourceId(input.organization_id, 'organization'), actor);
  return organizationView(state);
}

export async function addMember(
  deps: WriteDeps,
  input: InputWith<'organization_id'>,
  actor: Actor,
): Promise<MemberView> {
  const organizationId = resourceId(input.organization_id, 'organization');
  const { user_id, role } = parseInput(AddMemberInput, input);
  await membershipOf(deps, organizationId, actor); // non-members learn nothing, not even whether the user exists
  const member = await existingUser(deps, user_id, '/user_id');
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, organizationStream(organizationId), organization, {
    type: 'AddMember',
    user_id,
    username: member.username,
    role,
    actor_id: actor.user_id,
    now: context.now,
  });
  return memberOf(state, organizationId, user_id);
}

export async function changeMemberRole(
  deps: WriteDeps,
  input: InputWith<'organization_id' | 'user_id'>,
  actor: Actor,
): Promise<MemberView> {
  const organizationId = resourceId(input.organization_id, 'organization');
  const userId = userIdParam(input.user_id, 'member');
  const { role } = parseInput(ChangeMemberRoleInput, input);
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, organizationStream(organizationId), organization, {
    type: 'ChangeMemberRole',
    user_id: userId,
    role,
    actor_id: actor.user_id,
    now: context.now,
  });
  return memberOf(state, organizationId, userId);
}

export async function renameOrganization(
  deps: WriteDeps,
  input: InputWith<'organization_id'>,
  actor: Actor,
): Promise<OrganizationView> {
  const organizationId = resourceId(input.organization_id, 'organization');
  const { name } = parseInput(RenameOrganizationInput, input);
  const context = contextOf(deps, actor);
  const { state } = await run(deps, context, organizationStream(organizationId), organization, {
    type: 'RenameOrganization',
    name,
    actor_id: actor.user_id,
    now: context.now,
  });
  return organizationView(state);
}

function memberOf(state: Parameters<typeof organizationView>[0], organizationId: string, userId: number): MemberView {
  const member = state.exists ? state.members.get(userId) : undefined;
  if (!member) throw new Error(`user ${userId} should be a member of ${organizationId} by now`);
  return memberView(organizationId, member);
}
