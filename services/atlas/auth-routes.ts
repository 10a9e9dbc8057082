/** Registration, login, token refresh and logout, the JWKS, and `/me`. */
import { z } from 'zod';
import { defineRoute, tooManyRequests, unauthorized, type KitContext, type Route } from '../../http/index.js';
import { isDomainError } from '../../write/domain-error.js';
import {
  getUser,
  registerUser,
  RegisterUserInput,
  authenticate,
  AuthenticateInput,
} from '../../write/atlas/commands/index.js';
import { jwks, signAccessToken } from '../../write/atlas/auth/access-token.js';
import { issueRefreshToken, revokeRefreshToken, rotateRefreshToken } from '../../write/atlas/auth/refresh-tokens.js';
import { correlationUuid } from '../../write/command.js';
import type { AtlasApi } from './context.js';
import { JwksOut, OrganizationOut, TokensOut, UserOut, problemResponses } from './schemas.js';

const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(200) });

export function authRoutes(api: AtlasApi): Route[] {
  const refreshDeps = { store: api.deps.store, clock: api.deps.clock, ttlSeconds: api.refreshTtlSeconds };
  const metadataOf = (ctx: KitContext, user_id: number | null) => ({
    correlation_id: correlationUuid(ctx.state.requestId),
    causation_id: null,
    user_id,
  });

  async function tokensFor(ctx: KitContext, user: { id: number; username: string }, refresh_token?: string) {
    const access = signAccessToken(api.key, api.tokens, { user_id: user.id, username: user.username });
    return {
      ...access,
      refresh_token: refresh_token ?? (await issueRefreshToken(refreshDeps, user.id, metadataOf(ctx, user.id))),
    };
  }

  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/register',
      summary: 'Register a user; creates their personal organization',
      tags: ['auth'],
      auth: 'none',
      body: z.strictObject(RegisterUserInput.shape),
      responses: {
        201: {
          description: 'The user (integer id) and their personal organization',
          schema: UserOut.extend({ organization: OrganizationOut }),
        },
        400: problemResponses[400],
        409: { description: 'Username or email already taken (problem+json)' },
      },
      handler: async (ctx, { body }) => {
        const { user, organization } = await registerUser(api.deps, body, { correlation_id: ctx.state.requestId });
        return { status: 201, body: { ...user, organization }, headers: { Location: `/api/v1/users/${user.id}` } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/login',
      summary: 'Exchange username and password for tokens',
      tags: ['auth'],
      auth: 'none',
      body: z.strictObject(AuthenticateInput.shape),
      responses: {
        200: { description: 'An access token (ES256 JWT) and a refresh token', schema: TokensOut },
        400: problemResponses[400],
        401: { description: 'Wrong username or password (problem+json)' },
        429: {
          description:
            'Too many failed logins, checked before the password (so also with the right one): for this username from this address ' +
            '(locked for a while), for this username from anywhere (a growing delay, at most minutes), or from this address for any ' +
            'usernames (problem+json, Retry-After); see docs/security.md',
        },
      },
      handler: async (ctx, { body }) => {
        const admission = api.limiter.admit(body.username, ctx.ip);
        if (!admission.admitted)
          throw tooManyRequests('too many login attempts; try again later', admission.retryAfterSeconds);
        const { attempt } = admission;
        let user: Awaited<ReturnType<typeof authenticate>>;
        try {
          user = await authenticate(api.deps, body);
        } catch (error) {
          attempt.abandoned();
          throw error;
        }
        if (!user) {
          attempt.failed();
          throw unauthorized('wrong username or password');
        }
        attempt.succeeded();
        return { status: 200, body: await tokensFor(ctx, user), headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      summary: 'Rotate a refresh token for new tokens (a reused token revokes its family)',
      tags: ['auth'],
      auth: 'none',
      body: RefreshBody,
      responses: {
        200: { description: 'New tokens', schema: TokensOut },
        400: problemResponses[400],
        401: { description: 'Invalid, expired, reused or revoked refresh token (problem+json)' },
        409: {
          description: 'Another request with the same token changed its login at the same time; retry (problem+json)',
        },
      },
      handler: async (ctx, { body }) => {
        try {
          const { user_id, refresh_token } = await rotateRefreshToken(
            refreshDeps,
            body.refresh_token,
            metadataOf(ctx, null),
          );
          const user = await getUser(api.deps, user_id);
          if (!user) throw unauthorized('refresh token is invalid, expired or revoked');
          return {
            status: 200,
            body: await tokensFor(ctx, user, refresh_token),
            headers: { 'Cache-Control': 'no-store' },
          };
        } catch (error) {
          if (isDomainError(error)) throw unauthorized('refresh token is invalid, expired or revoked', error.message);
          throw error;
        }
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/logout',
      summary: 'Revoke a refresh token and every token rotated from the same login',
      tags: ['auth'],
      auth: 'none',
      body: RefreshBody,
      responses: {
        204: { description: 'Revoked (also when the token was unknown)' },
        400: problemResponses[400],
        409: { description: 'Another request changed the same login at the same time; retry (problem+json)' },
      },
      handler: async (ctx, { body }) => {
        await revokeRefreshToken(refreshDeps, body.refresh_token, metadataOf(ctx, null));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/.well-known/jwks.json',
      summary: "Atlas's public signing keys (JWKS)",
      tags: ['auth'],
      auth: 'none',
      usesStore: false,
      responses: { 200: { description: 'JSON Web Key Set', schema: JwksOut } },
      handler: async () => ({ status: 200, body: jwks(api.key), headers: { 'Cache-Control': 'public, max-age=300' } }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/me',
      summary: 'The signed-in user',
      tags: ['auth'],
      auth: 'required',
      responses: { 200: { description: 'You', schema: UserOut }, 401: problemResponses[401] },
      handler: async (_ctx, { user }) => {
        const me = await getUser(api.deps, user.user_id);
        if (!me) throw unauthorized('the token names no user');
        return { status: 200, body: me };
      },
    }),
  ];
}
