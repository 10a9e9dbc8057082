/**
 * The OAuth 2.0 device authorization grant (RFC 8628) on :8000, for the desktop agent and the MCP
 * server; the dashboard's `/get-token` page is where the user approves (docs/device-flow.md):
 *
 * - `POST /api/v1/auth/device/code` (no token): a device code, a user code and where to enter it;
 * - `GET /api/v1/auth/device?user_code=` (signed in): what is being approved, before the click;
 * - `POST /api/v1/auth/device/approve` and `/deny` (signed in): the user's decision;
 * - `POST /api/v1/auth/device/token` (no token): the device polls; once approved, tokens, once.
 *
 * The token endpoint's refusals are 400 problems carrying RFC 8628's `error` code. Issuing is
 * limited per client address, unknown user codes per user, polling per device code.
 */
import { z } from 'zod';
import { defineRoute, notFound, Problem, tooManyRequests, type ProblemKind, type Route } from '../../http/index.js';
import { getUser } from '../../write/atlas/commands/index.js';
import { signAccessToken } from '../../write/atlas/auth/access-token.js';
import { ClientNameSchema, USER_CODE_ALPHABET } from '../../write/atlas/auth/device-events.js';
import {
  decideDeviceAuthorization,
  findDeviceAuthorization,
  formatUserCode,
  normalizeUserCode,
  redeemDeviceCode,
  requestDeviceAuthorization,
  type DeviceAuthorizationView,
} from '../../write/atlas/auth/device-flow.js';
import type { GrantOutcome } from '../../write/atlas/auth/device-authorization.js';
import { isDomainError } from '../../write/domain-error.js';
import { actorOf } from '../service.js';
import type { AtlasApi } from './context.js';
import { addressKey } from './login-limit.js';
import { DeviceAuthorizationOut, DeviceCodesOut, DeviceDecisionOut, TokensOut, problemResponses } from './schemas.js';

const letters = USER_CODE_ALPHABET + USER_CODE_ALPHABET.toLowerCase();

/** What a user types: 8 letters of the alphabet in any case, dashes and spaces anywhere (`wdjb-mjht`). */
const UserCodeInput = z
  .string()
  .max(40)
  .regex(
    new RegExp(`^[ -]*(?:[${letters}][ -]*){8}$`),
    `a user code: 8 letters of ${USER_CODE_ALPHABET}, e.g. WDJB-MJHT (any case; dashes and spaces are ignored)`,
  )
  .transform(normalizeUserCode)
  .describe('The code the device shows, e.g. WDJB-MJHT (any case; dashes and spaces are ignored)');

const UserCodeBody = z.strictObject({ user_code: UserCodeInput });

const NO_STORE = { 'Cache-Control': 'no-store' };

/** RFC 8628 §3.5 and RFC 6749 §5.2 `error` codes, with our problem kind and what the device should do. */
type TokenError = Exclude<GrantOutcome, 'approved'> | 'slow_down';
const tokenErrors: Record<TokenError, { kind: ProblemKind; detail: string }> = {
  authorization_pending: {
    kind: 'authorization-pending',
    detail: 'the user has not approved or denied this request yet; poll again after the interval',
  },
  slow_down: { kind: 'slow-down', detail: 'polled too soon after the previous poll' },
  expired_token: { kind: 'expired-token', detail: 'the device code has expired; request a new one' },
  access_denied: { kind: 'access-denied', detail: 'the user denied this request' },
  invalid_grant: { kind: 'invalid-grant', detail: 'the device code is not valid, or it was already used' },
};

function tokenError(error: TokenError, detail = tokenErrors[error].detail): Problem {
  return new Problem(tokenErrors[error].kind, detail, { extensions: { error }, headers: NO_STORE });
}

const problemsOfToken = Object.values(tokenErrors).map((e) => e.kind);

const decisionOut = (view: DeviceAuthorizationView) => ({
  user_code: formatUserCode(view.user_code),
  status: view.status,
  client_name: view.client_name,
  expires_at: view.expires_at,
});

const unknownUserCode = () => notFound('no device authorization with this user code, or it has expired');

export function deviceRoutes(api: AtlasApi): Route[] {
  const { settings, issuing, guessing, polls } = api.device;
  const verificationUri = `${settings.dashboardUrl.replace(/\/+$/, '')}/get-token`;

  /**
   * Runs a look-up by user code as one guess of this user: refused while they have had too many
   * unknown codes; an unknown or expired code counts, any other outcome gives the guess back.
   */
  async function asGuess<T>(user_id: number, lookUp: () => Promise<T | null>): Promise<T> {
    const guess = guessing.take(String(user_id));
    if (!guess.taken) throw tooManyRequests('too many unknown user codes; try again later', guess.retryAfterSeconds);
    let found: T | null;
    try {
      found = await lookUp();
    } catch (error) {
      if (isDomainError(error, 'not_found')) throw unknownUserCode();
      guess.refund();
      throw error;
    }
    if (found === null) throw unknownUserCode();
    guess.refund();
    return found;
  }

  const decide = (decision: 'approve' | 'deny', status: 'approved' | 'denied') =>
    defineRoute({
      method: 'POST',
      path: `/api/v1/auth/device/${decision}`,
      summary: `${decision === 'approve' ? 'Approve' : 'Deny'} a device's request to sign in as you`,
      tags: ['auth'],
      auth: 'required',
      body: UserCodeBody,
      responses: {
        200: { description: `The request, now ${status}`, schema: DeviceDecisionOut },
        401: problemResponses[401],
        404: { description: 'No live request has this user code: unknown or expired (problem+json)' },
        409: {
          description:
            'The request was already decided otherwise, or by someone else, or redeemed (problem+json); ' +
            'the same decision again by the same user answers 200',
        },
        429: { description: 'Too many unknown user codes from you; wait Retry-After seconds (problem+json)' },
      },
      handler: async (ctx, { body, user }) => {
        const view = await asGuess(user.user_id, () =>
          decideDeviceAuthorization(api.deps, body.user_code, decision, actorOf(ctx, user)),
        );
        return { status: 200, body: decisionOut(view) };
      },
    });

  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/device/code',
      summary: 'Start a device sign-in (RFC 8628): a device code to poll with, a user code to approve',
      tags: ['auth'],
      auth: 'none',
      body: z.strictObject({
        client_name: ClientNameSchema.optional().describe(
          'How the device names itself on the approval page, e.g. "atlas-agent on alice-laptop"',
        ),
      }),
      responses: {
        200: { description: 'The codes, and where the user approves', schema: DeviceCodesOut },
        429: { description: 'Too many device codes from this address; wait Retry-After seconds (problem+json)' },
      },
      handler: async (ctx, { body }) => {
        const take = issuing.take(addressKey(ctx.ip));
        if (!take.taken) {
          throw tooManyRequests('too many device codes from this address; try again later', take.retryAfterSeconds);
        }
        const issued = await requestDeviceAuthorization(
          api.deps,
          settings,
          { client_name: body.client_name ?? null },
          { correlation_id: ctx.state.requestId },
        );
        const shown = formatUserCode(issued.user_code);
        return {
          status: 200,
          body: {
            device_code: issued.device_code,
            user_code: shown,
            verification_uri: verificationUri,
            verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(shown)}`,
            expires_in: settings.codeTtlSeconds,
            interval: issued.interval_seconds,
          },
          headers: NO_STORE,
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/device/token',
      summary: 'Poll with a device code; once the user approved, tokens for them (once)',
      tags: ['auth'],
      auth: 'none',
      body: z.strictObject({ device_code: z.string().min(1).max(200) }),
      responses: {
        200: { description: 'An access token and a new refresh token for the approving user', schema: TokensOut },
        400: {
          description:
            'Not (or no longer) redeemable: a problem with the RFC 8628 `error` code as a member: ' +
            '`authorization_pending` (poll again after the interval), `slow_down` (polled too soon; add 5 s to the interval), ' +
            '`expired_token`, `access_denied` (the user denied), `invalid_grant` (unknown, or already used); ' +
            'or a validation problem (problem+json)',
          problems: problemsOfToken,
        },
      },
      handler: async (ctx, { body }) => {
        const poll = await redeemDeviceCode(api.deps, api.refreshTtlSeconds, body.device_code, {
          correlation_id: ctx.state.requestId,
        });
        switch (poll.outcome) {
          case 'approved': {
            const user = await getUser(api.deps, poll.user_id);
            if (!user) throw tokenError('invalid_grant', 'the approving user no longer exists');
            const access = signAccessToken(api.key, api.tokens, { user_id: user.id, username: user.username });
            return { status: 200, body: { ...access, refresh_token: poll.refresh_token }, headers: NO_STORE };
          }
          case 'authorization_pending': {
            const pace = polls.poll(poll.device_id, poll.interval_seconds);
            if (pace.slowDown) {
              throw tokenError(
                'slow_down',
                `polled too soon after the previous poll; wait at least ${pace.intervalSeconds} seconds between polls`,
              );
            }
            throw tokenError('authorization_pending');
          }
          default:
            throw tokenError(poll.outcome);
        }
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/auth/device',
      summary: 'The device request a user code names, to show before approving it',
      tags: ['auth'],
      auth: 'required',
      query: z.strictObject({ user_code: UserCodeInput }),
      responses: {
        200: { description: 'The request', schema: DeviceAuthorizationOut },
        401: problemResponses[401],
        404: { description: 'No live request has this user code: unknown or expired (problem+json)' },
        429: { description: 'Too many unknown user codes from you; wait Retry-After seconds (problem+json)' },
      },
      handler: async (_ctx, { query, user }) => {
        const view = await asGuess(user.user_id, () => findDeviceAuthorization(api.deps, query.user_code));
        return { status: 200, body: { ...view, user_code: formatUserCode(view.user_code) } };
      },
    }),
    decide('approve', 'approved'),
    decide('deny', 'denied'),
  ];
}
