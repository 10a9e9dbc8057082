/**
 * Organizations and their members. Rules live in the organization decider; this file finds the
 * streams and the facts it needs (the actor's username, whether the target user exists).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, parseInput } from '../../domain-error.js';
import { organizationStream, usernameStream, userStream } from '../events.js';
import { OrganizationNameSchema, RoleSchema, TimeZoneSchema, UserIdSchema, UsernameSchema } from '../../schemas.js';
import { usernameReservation } from '../reservation.js';
import { isManagerOrOwner, organization } from '../organization.js';
import { user } from '../user.js';
import { existingUser, membershipOf, resourceId, userIdParam } from './access.js';
import { load, contextOf, run, type Actor, type WriteDeps, type InputWith } from '../../command.js';
import { memberView, organizationView, type MemberView, type OrganizationView } from './views.js';

export const CreateOrganizationInput = z.object({
  name: OrganizationNameSchema,
  timezone: TimeZoneSchema.default('UTC'),
});
const MemberById = z.strictObject({ user_id: UserIdSchema, role: RoleSchema });
const MemberByName = z.strictObject({
  username: UsernameSchema.describe('The user to add, by username (any case)'),
  role: RoleSchema,
});
/** JSON Schema of one body shape, to say "exactly one of them" in the document. */
const documented = (schema: z.ZodType) => {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return rest;
};
/** The user to add, by id or by username (any case), with a role: exactly one of the two. */
export const AddMemberInput = z
  .strictObject({
    user_id: UserIdSchema.optional(),
    username: MemberByName.shape.username.optional(),
    role: RoleSchema,
  })
  .superRefine((input, ctx) => {
    if ((input.user_id === undefined) === (input.username === undefined))
      ctx.addIssue({ code: 'custom', path: ['user_id'], message: 'give exactly one of user_id and username' });
  })
  .meta({ oneOf: [documented(MemberById), documented(MemberByName)] });
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
  const { organization_id: _organization, ...fields } = input;
  const who = parseInput(AddMemberInput, fields);
  const { actor: caller } = await membershipOf(deps, organizationId, actor); // non-members learn nothing, not even whether the user exists
  // Nor do plain members: refused before the lookup, so a username's existence is not told either.
  if (!isManagerOrOwner(caller.role)) throw new DomainError('forbidden', 'only owners and managers may add members');
  const byId = who.user_id !== undefined;
  const user_id = who.user_id ?? (await holderOf(deps, who.username!));
  const member = await existingUser(deps, user_id, byId ? '/user_id' : '/username');
  const { role } = who;
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

/** The user who holds a username, from its reservation stream (the write side's own truth). */
async function holderOf(deps: WriteDeps, username: string): Promise<number> {
  const { state } = await load(deps, usernameStream(username), usernameReservation);
  if (state.holder === null) throw new DomainError('invalid', `there is no user named ${username}`, '/username');
  return state.holder;
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
