/**
 * One device authorization (RFC 8628), as a decider. Pure: the handler passes ids, the secret's
 * hash and `now`.
 *
 *   request ─► pending ─┬─ approve (a signed-in user) ─► approved ─ redeem (the device, once) ─► redeemed
 *                       └─ deny ─► denied
 *
 * Until it expires, the approval page may approve or deny a pending authorization; repeating the
 * same decision as the same user changes nothing, any other decision on a decided one is a
 * conflict. After expiry the authorization is gone for the page (`not_found`). The device's poll
 * is answered by `grantOutcome`, in RFC 8628's terms; `redeem` appends only for an approved,
 * unexpired, unredeemed authorization whose secret matches, so a device code is used at most once.
 */
import type { Decider } from '../../decider.js';
import { DomainError } from '../../domain-error.js';
import type { EventOf } from '../../event.js';
import type {
  DeviceAuthorizationApproved,
  DeviceAuthorizationDenied,
  DeviceAuthorizationRedeemed,
  DeviceAuthorizationRequested,
} from './device-events.js';

export type DeviceAuthorizationEvent = EventOf<
  [
    typeof DeviceAuthorizationRequested,
    typeof DeviceAuthorizationApproved,
    typeof DeviceAuthorizationDenied,
    typeof DeviceAuthorizationRedeemed,
  ]
>;

export type DeviceAuthorizationCommand =
  | {
      type: 'request';
      device_id: string;
      user_code: string;
      secret_hash: string;
      client_name: string | null;
      now: string;
      expires_at: string;
      interval_seconds: number;
    }
  | { type: 'approve'; user_id: number; now: string }
  | { type: 'deny'; user_id: number; now: string }
  | { type: 'redeem'; secret_hash: string; refresh_family_id: string; now: string };

export type DeviceAuthorizationStatus = 'pending' | 'approved' | 'denied' | 'redeemed';

export interface DeviceAuthorizationState {
  /** Null until requested. */
  device_id: string | null;
  user_code: string | null;
  secret_hash: string | null;
  client_name: string | null;
  requested_at: string | null;
  expires_at: string | null;
  interval_seconds: number | null;
  status: DeviceAuthorizationStatus | null;
  /** Who approved or denied it. */
  decided_by: number | null;
}

export const initialDeviceAuthorizationState: DeviceAuthorizationState = {
  device_id: null,
  user_code: null,
  secret_hash: null,
  client_name: null,
  requested_at: null,
  expires_at: null,
  interval_seconds: null,
  status: null,
  decided_by: null,
};

/** RFC 8628 §3.5's answers to a poll; `approved` means tokens may be issued (by `redeem`). */
export type GrantOutcome = 'approved' | 'authorization_pending' | 'access_denied' | 'expired_token' | 'invalid_grant';

export const isExpiredAt = (state: DeviceAuthorizationState, now: string): boolean =>
  state.expires_at !== null && Date.parse(state.expires_at) <= Date.parse(now);

/** Whether the approval page can see the authorization at `now`: it exists and has not expired. */
export const isLiveAt = (state: DeviceAuthorizationState, now: string): boolean =>
  state.device_id !== null && !isExpiredAt(state, now);

/**
 * What a device presenting `secret_hash` at `now` is told. An unknown secret and a code already
 * redeemed are the same `invalid_grant`; a denial is told as such even once the code has expired.
 */
export function grantOutcome(state: DeviceAuthorizationState, secret_hash: string, now: string): GrantOutcome {
  if (state.device_id === null || state.secret_hash !== secret_hash) return 'invalid_grant';
  if (state.status === 'redeemed') return 'invalid_grant';
  if (state.status === 'denied') return 'access_denied';
  if (isExpiredAt(state, now)) return 'expired_token';
  return state.status === 'approved' ? 'approved' : 'authorization_pending';
}

/** A redemption refused, with RFC 8628's reason (never `approved`). */
export class DeviceGrantRefused extends DomainError {
  constructor(readonly outcome: Exclude<GrantOutcome, 'approved'>) {
    super('invalid', `the device code cannot be redeemed: ${outcome}`, '/device_code');
  }
}

function evolve(state: DeviceAuthorizationState, event: DeviceAuthorizationEvent): DeviceAuthorizationState {
  switch (event.type) {
    case 'atlas.DeviceAuthorizationRequested':
      return {
        ...state,
        device_id: event.data.device_id,
        user_code: event.data.user_code,
        secret_hash: event.data.secret_hash,
        client_name: event.data.client_name,
        requested_at: event.data.requested_at,
        expires_at: event.data.expires_at,
        interval_seconds: event.data.interval_seconds,
        status: 'pending',
      };
    case 'atlas.DeviceAuthorizationApproved':
      return { ...state, status: 'approved', decided_by: event.data.user_id };
    case 'atlas.DeviceAuthorizationDenied':
      return { ...state, status: 'denied', decided_by: event.data.user_id };
    case 'atlas.DeviceAuthorizationRedeemed':
      return { ...state, status: 'redeemed' };
  }
}

const unknownCode = (): DomainError =>
  new DomainError('not_found', 'no device authorization with this user code, or it has expired', '/user_code');

function decideOnPage(
  state: DeviceAuthorizationState,
  decision: 'approved' | 'denied',
  user_id: number,
  now: string,
): DeviceAuthorizationEvent[] {
  if (!isLiveAt(state, now)) throw unknownCode();
  if (state.status === decision && state.decided_by === user_id) return [];
  if (state.status !== 'pending') {
    throw new DomainError('conflict', `this device authorization was already ${state.status}`, '/user_code');
  }
  const device_id = state.device_id!;
  const user_code = state.user_code!;
  return decision === 'approved'
    ? [{ type: 'atlas.DeviceAuthorizationApproved', data: { device_id, user_code, user_id, approved_at: now } }]
    : [{ type: 'atlas.DeviceAuthorizationDenied', data: { device_id, user_code, user_id, denied_at: now } }];
}

function decide(command: DeviceAuthorizationCommand, state: DeviceAuthorizationState): DeviceAuthorizationEvent[] {
  switch (command.type) {
    case 'request': {
      if (state.device_id !== null) throw new DomainError('conflict', 'device authorization already requested');
      const { device_id, user_code, secret_hash, client_name, now, expires_at, interval_seconds } = command;
      return [
        {
          type: 'atlas.DeviceAuthorizationRequested',
          data: { device_id, user_code, secret_hash, client_name, requested_at: now, expires_at, interval_seconds },
        },
      ];
    }
    case 'approve':
      return decideOnPage(state, 'approved', command.user_id, command.now);
    case 'deny':
      return decideOnPage(state, 'denied', command.user_id, command.now);
    case 'redeem': {
      const outcome = grantOutcome(state, command.secret_hash, command.now);
      if (outcome !== 'approved') throw new DeviceGrantRefused(outcome);
      return [
        {
          type: 'atlas.DeviceAuthorizationRedeemed',
          data: {
            device_id: state.device_id!,
            user_id: state.decided_by!,
            refresh_family_id: command.refresh_family_id,
            redeemed_at: command.now,
          },
        },
      ];
    }
  }
}

export const deviceAuthorization: Decider<
  DeviceAuthorizationCommand,
  DeviceAuthorizationEvent,
  DeviceAuthorizationState
> = {
  initialState: initialDeviceAuthorizationState,
  evolve,
  decide,
};
