/**
 * Verification of Atlas access tokens (koa-jwt + jsonwebtoken underneath).
 *
 * Atlas signs ES256 tokens `{iss, aud, sub, username, iat, exp, jti}` with a key named by `kid`.
 * Partners find the public key in Atlas's JWKS over HTTP (jwks-rsa, cached and rate limited);
 * Atlas itself hands over an in-process key source instead of calling itself. Either way the same
 * checks apply: only ES256, a known kid, issuer and audience, expiry, and a `sub` that is a
 * positive integer user id.
 */
import type { KeyObject } from 'node:crypto';
import type { Middleware } from 'koa';
import koaJwt from 'koa-jwt';
import jwksRsa from 'jwks-rsa';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { KitContext, KitState } from './context.js';
import type { AtlasUser } from './user.js';
import { unauthorized } from './problem.js';
import { VerifiedTokens, type VerifiedTokensOptions } from './verified-tokens.js';

export type { AtlasUser } from './user.js';

/** The only algorithm Atlas signs with; pinning it shuts out `none` and HS256-with-public-key. */
const ACCESS_TOKEN_ALGORITHMS = ['ES256'] as const;

export type KeyForKid = (kid: string) => Promise<KeyObject | string | undefined>;

export interface AuthOptions {
  /** Atlas's JWKS, e.g. `http://127.0.0.1:8000/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** In-process key source (Atlas verifying its own tokens); wins over `jwksUrl` when both are set. */
  keyForKid?: KeyForKid;
  issuer: string;
  audience: string;
  /**
   * Tokens that passed are remembered (by their exact text, until `exp`, at most a minute by
   * default) so that a client's next requests skip the signature check; `false` turns that off.
   */
  verifiedTokens?: VerifiedTokensOptions | false;
}

/** RFC 7519 says `sub` is a string; ours is the integer user id written in decimal. */
const AccessClaims = z.object({
  sub: z.string().regex(/^[1-9][0-9]{0,15}$/, 'sub must be a positive integer user id'),
  username: z.string().min(1).optional(),
  scope: z.string().optional(),
  exp: z.number(),
});

/** Claims (already verified) → the caller; throws a 401 problem when they don't name a user. */
export function userFromClaims(claims: unknown): AtlasUser {
  const parsed = AccessClaims.safeParse(claims);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw unauthorized(undefined, `token claims refused: ${reason}`);
  }
  const userId = Number(parsed.data.sub);
  if (!Number.isSafeInteger(userId)) throw unauthorized(undefined, 'token sub is not a safe integer');
  const { username, scope } = parsed.data;
  return {
    user_id: userId,
    ...(username === undefined ? {} : { username }),
    ...(scope === undefined ? {} : { scope: scope.split(' ').filter(Boolean) }),
  };
}

type KeyLookup = (header: { alg?: unknown; kid?: unknown }) => Promise<KeyObject | string>;

function keyLookup(options: AuthOptions): KeyLookup {
  let fetchKey: (kid: string) => Promise<KeyObject | string | undefined>;
  if (options.keyForKid) {
    fetchKey = options.keyForKid;
  } else if (options.jwksUrl) {
    const fromJwks = jwksRsa.koaJwtSecret({
      jwksUri: options.jwksUrl,
      cache: true,
      cacheMaxEntries: 10,
      cacheMaxAge: 10 * 60_000,
      // An unknown kid makes jwks-rsa refetch; cap that so forged kids can't hammer Atlas.
      rateLimit: true,
      jwksRequestsPerMinute: 10,
      timeout: 5_000,
    });
    fetchKey = (kid) => fromJwks({ alg: 'ES256', kid });
  } else {
    throw new Error('auth needs a key source: jwksUrl or keyForKid');
  }
  return async (header) => {
    // Refuse before any key lookup: no fetch for a token that can never verify.
    if (header.alg !== 'ES256') throw new Error(`algorithm ${String(header.alg)} is not accepted`);
    if (typeof header.kid !== 'string' || header.kid === '') throw new Error('token header has no kid');
    const key = await fetchKey(header.kid);
    if (key === undefined) throw new Error(`no key for kid ${header.kid}`);
    return key;
  };
}

/** The token of an `Authorization: Bearer <token>` header, as koa-jwt reads it; else undefined. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parts = header.split(' ');
  return parts.length === 2 && /^Bearer$/i.test(parts[0]!) && parts[1] !== '' ? parts[1] : undefined;
}

/**
 * Middleware for routes that require a token: verifies it, then leaves the caller on
 * `ctx.state.user`. Every refusal is a 401 (mapped to a problem by the problems middleware).
 * A token that passed before is found in `VerifiedTokens` instead of being verified again.
 */
export function requireAtlasToken(options: AuthOptions): Middleware<KitState> {
  const lookup = keyLookup(options);
  const verify = koaJwt({
    // jsonwebtoken accepts KeyObjects; koa-jwt's typings only know strings and buffers.
    secret: lookup as unknown as koaJwt.SecretLoader,
    algorithms: [...ACCESS_TOKEN_ALGORITHMS],
    issuer: options.issuer,
    audience: options.audience,
    key: 'claims',
    // Detailed reasons (expired, bad signature, ...) reach the logs; clients only ever get a 401.
    debug: true,
  }) as unknown as Middleware<KitState>;
  const verified = options.verifiedTokens === false ? undefined : new VerifiedTokens(options.verifiedTokens);
  return async function requireAtlasToken(ctx, next) {
    const token = verified && bearerToken(ctx.headers.authorization);
    const known = token === undefined ? undefined : verified!.get(token);
    if (known) {
      ctx.state.user = known;
      return next();
    }
    // koa-jwt prefers `ctx.state.secret` over its own option; nothing upstream may swap the key.
    delete (ctx.state as { secret?: unknown }).secret;
    await verify(ctx, async () => {
      const user = userFromClaims(ctx.state.claims);
      ctx.state.user = user;
      if (token !== undefined) verified!.remember(token, user, (ctx.state.claims as { exp: number }).exp);
      await next();
    });
  };
}

/**
 * When the access token of a request that passed `requireAtlasToken` expires (its `exp`, in
 * milliseconds since the epoch), for answers that outlive their request (event streams end
 * then). The middleware verified this very token; this only reads its claim.
 */
export function accessTokenExpiry(ctx: KitContext): number | undefined {
  const token = bearerToken(ctx.headers.authorization);
  const claims = token === undefined ? null : jwt.decode(token, { json: true });
  return typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
}
