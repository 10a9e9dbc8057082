/**
 * The device authorization grant (RFC 8628) as the HTTP layer uses it: a device asks for codes,
 * a signed-in user looks its user code up and approves or denies it, the device polls with its
 * device code and, once approved, gets a fresh refresh-token family for the approving user, once.
 *
 * A device code is `<device_id>.<secret>`: the id finds the stream without an index, the secret
 * (32 random bytes) is only ever stored as its sha256, like a refresh token's. A user code is 8
 * letters of RFC 8628's consonants, found through its own stream (`device-events.ts`). How often a
 * device may poll is not a fact and is not stored: the service keeps it in memory.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { contextOf, load, run, type Actor, type RequestContext, type WriteDeps } from '../../command.js';
import { DomainError, isDomainError } from '../../domain-error.js';
import {
  deviceAuthorization,
  DeviceGrantRefused,
  grantOutcome,
  isLiveAt,
  type DeviceAuthorizationState,
  type DeviceAuthorizationStatus,
  type GrantOutcome,
} from './device-authorization.js';
import {
  deviceAuthorizationStream,
  deviceUserCodeStream,
  USER_CODE_ALPHABET,
  USER_CODE_LENGTH,
} from './device-events.js';
import { deviceUserCode, holdsAt } from './device-user-code.js';
import { issueRefreshToken } from './refresh-tokens.js';

export interface DeviceFlowSettings {
  /** How long a device code and its user code live (RFC 8628 `expires_in`). */
  codeTtlSeconds: number;
  /** The least wait between two polls of one device code (RFC 8628 `interval`). */
  pollIntervalSeconds: number;
}

export const defaultDeviceFlowSettings: DeviceFlowSettings = { codeTtlSeconds: 600, pollIntervalSeconds: 5 };

/** What the approval page is shown of an authorization. */
export interface DeviceAuthorizationView {
  /** As stored: 8 letters, no dash. */
  user_code: string;
  status: DeviceAuthorizationStatus;
  client_name: string | null;
  created_at: string;
  expires_at: string;
}

export interface IssuedDeviceCodes {
  device_code: string;
  user_code: string;
  expires_at: string;
  interval_seconds: number;
}

export type DeviceTokenPoll =
  | { outcome: 'approved'; user_id: number; refresh_token: string }
  | { outcome: 'authorization_pending'; device_id: string; interval_seconds: number; expires_at: string }
  | { outcome: Exclude<GrantOutcome, 'approved' | 'authorization_pending'> };

const DEVICE_CODE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/** New user codes tried when the one drawn is held by a live authorization (about never: 20^8 codes). */
const USER_CODE_DRAWS = 5;

const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** 8 letters drawn uniformly from the alphabet (`randomInt` is unbiased): about 34.6 bits. */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i += 1) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** `WDJBMJHT` → `WDJB-MJHT`, as RFC 8628 §6.1 suggests showing it. */
export const formatUserCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** What a user typed (any case, with dashes or spaces) as stored: `wdjb mjht` → `WDJBMJHT`. */
export const normalizeUserCode = (typed: string): string => typed.replace(/[\s-]/g, '').toUpperCase();

const viewOf = (state: DeviceAuthorizationState): DeviceAuthorizationView => ({
  user_code: state.user_code!,
  status: state.status!,
  client_name: state.client_name,
  created_at: state.requested_at!,
  expires_at: state.expires_at!,
});

/** Issues a device code and a user code that no live authorization holds. */
export async function requestDeviceAuthorization(
  deps: WriteDeps,
  settings: DeviceFlowSettings,
  input: { client_name: string | null },
  who: RequestContext,
): Promise<IssuedDeviceCodes> {
  const context = contextOf(deps, { ...who, user_id: null });
  const now = context.now.toISOString();
  const expires_at = new Date(context.now.getTime() + settings.codeTtlSeconds * 1000).toISOString();
  const device_id = randomUUID();
  const secret = randomBytes(32).toString('base64url');

  let user_code: string | undefined;
  for (let draw = 0; draw < USER_CODE_DRAWS && user_code === undefined; draw += 1) {
    const candidate = newUserCode();
    try {
      await run(deps, context, deviceUserCodeStream(candidate), deviceUserCode, {
        type: 'reserve',
        user_code: candidate,
        device_id,
        expires_at,
        now,
      });
      user_code = candidate;
    } catch (error) {
      if (!isDomainError(error, 'conflict')) throw error;
    }
  }
  if (user_code === undefined) throw new Error(`no free user code in ${USER_CODE_DRAWS} draws`);

  await run(deps, context, deviceAuthorizationStream(device_id), deviceAuthorization, {
    type: 'request',
    device_id,
    user_code,
    secret_hash: sha256(secret),
    client_name: input.client_name,
    now,
    expires_at,
    interval_seconds: settings.pollIntervalSeconds,
  });
  return {
    device_code: `${device_id}.${secret}`,
    user_code,
    expires_at,
    interval_seconds: settings.pollIntervalSeconds,
  };
}

/** The live authorization a user code names: its state and stream, or null when none (unknown or expired). */
async function liveByUserCode(
  deps: WriteDeps,
  user_code: string,
  now: string,
): Promise<{ state: DeviceAuthorizationState; stream: string } | null> {
  const { state: reservation } = await load(deps, deviceUserCodeStream(user_code), deviceUserCode);
  if (!holdsAt(reservation, now)) return null;
  const stream = deviceAuthorizationStream(reservation.device_id!);
  const { state } = await load(deps, stream, deviceAuthorization);
  return isLiveAt(state, now) && state.user_code === user_code ? { state, stream } : null;
}

/** The authorization a user code (as stored, `normalizeUserCode`) names, or null when it is unknown or expired. */
export async function findDeviceAuthorization(
  deps: WriteDeps,
  user_code: string,
): Promise<DeviceAuthorizationView | null> {
  const found = await liveByUserCode(deps, user_code, deps.clock().toISOString());
  return found && viewOf(found.state);
}

/**
 * The signed-in user approves or denies the authorization a user code names. Refused as
 * `not_found` when the code is unknown or expired, `conflict` when it was decided otherwise (or
 * by someone else) or redeemed; the same decision by the same user again changes nothing.
 */
export async function decideDeviceAuthorization(
  deps: WriteDeps,
  user_code: string,
  decision: 'approve' | 'deny',
  actor: Actor,
): Promise<DeviceAuthorizationView> {
  const context = contextOf(deps, actor);
  const now = context.now.toISOString();
  const found = await liveByUserCode(deps, user_code, now);
  if (!found) throw new DomainError('not_found', 'no device authorization with this user code, or it has expired');
  const result = await run(deps, context, found.stream, deviceAuthorization, {
    type: decision,
    user_id: actor.user_id,
    now,
  });
  return viewOf(result.state);
}

/**
 * A device polls with its device code. Approved: the authorization is redeemed (once: a second
 * poll, also a concurrent one, is `invalid_grant`) and a refresh-token family is started for the
 * approving user; otherwise RFC 8628's reason, and for a pending one what the poll limit needs.
 */
export async function redeemDeviceCode(
  deps: WriteDeps,
  refreshTtlSeconds: number,
  device_code: string,
  who: RequestContext,
): Promise<DeviceTokenPoll> {
  const match = DEVICE_CODE.exec(device_code);
  if (!match) return { outcome: 'invalid_grant' };
  const stream = deviceAuthorizationStream(match[1]!);
  const secret_hash = sha256(match[2]!);
  const context = contextOf(deps, { ...who, user_id: null });
  const now = context.now.toISOString();

  const { state } = await load(deps, stream, deviceAuthorization);
  const outcome = grantOutcome(state, secret_hash, now);
  if (outcome === 'authorization_pending') {
    return {
      outcome,
      device_id: state.device_id!,
      interval_seconds: state.interval_seconds!,
      expires_at: state.expires_at!,
    };
  }
  if (outcome !== 'approved') return { outcome };

  const refresh_family_id = randomUUID();
  let user_id: number;
  try {
    const redeemed = await run(deps, context, stream, deviceAuthorization, {
      type: 'redeem',
      secret_hash,
      refresh_family_id,
      now,
    });
    user_id = redeemed.state.decided_by!;
  } catch (error) {
    // Another poll with the same code redeemed it first (or it expired in between).
    if (error instanceof DeviceGrantRefused) {
      return error.outcome === 'authorization_pending' ? { outcome: 'invalid_grant' } : { outcome: error.outcome };
    }
    throw error;
  }
  const refresh_token = await issueRefreshToken(
    { store: deps.store, clock: () => context.now, ttlSeconds: refreshTtlSeconds },
    user_id,
    { correlation_id: context.correlation_id, causation_id: context.causation_id, user_id },
    refresh_family_id,
  );
  return { outcome: 'approved', user_id, refresh_token };
}
