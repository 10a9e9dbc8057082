/**
 * `GET/PUT /api/v1/productivity/profiles/:user_id`: tracking settings. Users read and change their
 * own; owners and managers read (never change) those of their organizations' members, without the
 * id of a default organization they are not a member of.
 */
import { userIdOf } from '../../write/schemas.js';
import { z } from 'zod';
import { defineRoute, forbidden, notFound, type Route } from '../../http/index.js';
import type { UserDoc } from '../../projections/atlas/models.js';
import { CODECRAFTERS_COLLECTIONS, profileId, type ProfileDoc } from '../../projections/codecrafters/models.js';
import { UpdateProfileInput, updateProfile, type ProfileSettings } from '../../write/codecrafters/index.js';
import { membershipOf } from '../../projections/atlas/access.js';
import { relationTo } from './access.js';
import { userZone, type CodecraftersContext } from './context.js';
import { settingsOf } from './facts.js';
import { ProfileAnswer, problem } from './schemas.js';

const ByUser = z.object({ user_id: z.string() });
const refused = {
  401: problem('Missing or invalid token'),
  403: problem('You share an organization with this user, but your role does not let you do this'),
  404: problem('No such user that you can see'),
};

export function profileRoutes(api: CodecraftersContext): Route[] {
  const { readModels } = api.deps;

  /** The target user, when the viewer may read their profile; 403/404 otherwise. */
  async function readableTarget(raw: string, viewer: number): Promise<number> {
    const target = userIdOf(raw);
    if (target === null) throw notFound(`no user ${raw}`);
    const known = await readModels.findOne<UserDoc>('users', { _id: String(target) });
    if (!known && target !== viewer) throw notFound(`no user ${raw}`);
    if (target === viewer) return target;
    const relation = await relationTo(readModels, viewer, target);
    if (relation.managed.length > 0) return target;
    if (relation.shared) throw forbidden("only owners and managers read other members' profiles");
    throw notFound(`no user ${raw}`);
  }

  /**
   * Nobody sees another organization's data: a manager reading a member's profile learns the
   * member's default organization only when they are a member of it too.
   */
  async function withoutForeignOrganization<A extends { user_id: number; default_organization_id: string | null }>(
    profile: A,
    viewer: number,
  ): Promise<A> {
    const organization = profile.default_organization_id;
    if (viewer === profile.user_id || organization === null || (await membershipOf(readModels, organization, viewer)))
      return profile;
    return { ...profile, default_organization_id: null };
  }

  async function answer(userId: number, settings: ProfileSettings, updated_at: string | null) {
    return {
      id: profileId(userId),
      user_id: userId,
      ...settings,
      effective_timezone: await userZone(api, userId, settings),
      updated_at,
    };
  }

  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/productivity/profiles/:user_id',
      summary: "A user's productivity profile (the defaults until they change it)",
      tags: ['profiles'],
      auth: 'required',
      params: ByUser,
      responses: { 200: { description: 'The profile', schema: ProfileAnswer }, ...refused },
      handler: async (_ctx, { params, user }) => {
        const target = await readableTarget(params.user_id, user.user_id);
        const doc = await readModels.findOne<ProfileDoc>(CODECRAFTERS_COLLECTIONS.profiles, { _id: String(target) });
        const body = await answer(target, settingsOf(doc), doc?.updated_at ?? null);
        return { status: 200, body: await withoutForeignOrganization(body, user.user_id) };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/productivity/profiles/:user_id',
      summary: 'Change your productivity profile (fields left out keep their value)',
      tags: ['profiles'],
      auth: 'required',
      params: ByUser,
      // At least one setting, checked here with the request (updateProfile's own rule), not after the
      // access checks; JSON Schema cannot see the refinement, so the document says minProperties.
      body: UpdateProfileInput.meta({ minProperties: 1 }),
      responses: {
        200: { description: 'The profile after the change', schema: ProfileAnswer },
        400: problem('A setting is not valid'),
        ...refused,
        409: problem('Another change to your profile won; try again'),
      },
      handler: async (ctx, { params, body, user }) => {
        const target = await readableTarget(params.user_id, user.user_id);
        if (target !== user.user_id) throw forbidden('only the user themself changes their productivity profile');
        const state = await updateProfile(
          { store: api.deps.events, facts: api.facts, clock: api.deps.clock, cache: api.deps.cache },
          body,
          { user_id: target, actor_id: user.user_id, correlation_id: ctx.state.requestId },
        );
        api.facts.primeProfile(target, state.settings);
        return { status: 200, body: await answer(target, state.settings, state.updated_at) };
      },
    }),
  ];
}
