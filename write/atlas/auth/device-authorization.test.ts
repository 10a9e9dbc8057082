import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../spec.js';
import { fold } from '../../decider.js';
import {
  deviceAuthorization,
  DeviceGrantRefused,
  grantOutcome,
  type DeviceAuthorizationEvent,
} from './device-authorization.js';
import { deviceUserCode } from './device-user-code.js';
import { formatUserCode, newUserCode, normalizeUserCode } from './device-flow.js';

const given = deciderSpec(deviceAuthorization);
const device_id = '00000000-0000-4000-8000-0000000000d1';
const family = '00000000-0000-4000-8000-0000000000f1';
const hash = 'a'.repeat(64);
const otherHash = 'b'.repeat(64);
const T0 = '2026-03-01T09:00:00.000Z';
const BEFORE_EXPIRY = '2026-03-01T09:09:59.999Z';
const EXPIRY = '2026-03-01T09:10:00.000Z';

const requested: DeviceAuthorizationEvent = {
  type: 'atlas.DeviceAuthorizationRequested',
  data: {
    device_id,
    user_code: 'WDJBMJHT',
    secret_hash: hash,
    client_name: 'atlas-agent on alice-laptop',
    requested_at: T0,
    expires_at: EXPIRY,
    interval_seconds: 5,
  },
};
const approved = (user_id = 7, at = T0): DeviceAuthorizationEvent => ({
  type: 'atlas.DeviceAuthorizationApproved',
  data: { device_id, user_code: 'WDJBMJHT', user_id, approved_at: at },
});
const denied = (user_id = 7, at = T0): DeviceAuthorizationEvent => ({
  type: 'atlas.DeviceAuthorizationDenied',
  data: { device_id, user_code: 'WDJBMJHT', user_id, denied_at: at },
});
const redeemed: DeviceAuthorizationEvent = {
  type: 'atlas.DeviceAuthorizationRedeemed',
  data: { device_id, user_id: 7, refresh_family_id: family, redeemed_at: T0 },
};
const approve = (user_id = 7, now = T0) => ({ type: 'approve' as const, user_id, now });
const deny = (user_id = 7, now = T0) => ({ type: 'deny' as const, user_id, now });
const redeem = (now = T0, secret_hash = hash) => ({
  type: 'redeem' as const,
  secret_hash,
  refresh_family_id: family,
  now,
});

describe('a device authorization', () => {
  it('is requested once, pending, with the hash of its secret and no secret', () => {
    const request = {
      type: 'request' as const,
      device_id,
      user_code: 'WDJBMJHT',
      secret_hash: hash,
      client_name: 'atlas-agent on alice-laptop',
      now: T0,
      expires_at: EXPIRY,
      interval_seconds: 5,
    };
    given([]).when(request).then([requested]);
    given([requested]).when(request).thenThrows('conflict');
    expect(fold(deviceAuthorization, [requested]).status).toBe('pending');
  });

  it('is approved or denied by a signed-in user, whose id the event carries', () => {
    given([requested]).when(approve()).then([approved()]);
    given([requested]).when(deny()).then([denied()]);
  });

  it('takes the same decision by the same user again as a no-op', () => {
    given([requested, approved()]).when(approve()).thenNothing();
    given([requested, denied()]).when(deny()).thenNothing();
  });

  it('refuses another decision, a decision by someone else, and any decision once redeemed, as conflicts', () => {
    given([requested, approved()])
      .when(deny())
      .thenThrows('conflict', /already approved/);
    given([requested, denied()])
      .when(approve())
      .thenThrows('conflict', /already denied/);
    given([requested, approved(7)])
      .when(approve(8))
      .thenThrows('conflict');
    given([requested, approved(), redeemed])
      .when(approve())
      .thenThrows('conflict', /already redeemed/);
  });

  it('is not found for a decision once expired, nor when it was never requested', () => {
    given([requested]).when(approve(7, EXPIRY)).thenThrows('not_found');
    given([requested]).when(deny(7, EXPIRY)).thenThrows('not_found');
    given([]).when(approve()).thenThrows('not_found');
    given([requested])
      .when(approve(7, BEFORE_EXPIRY))
      .then([approved(7, BEFORE_EXPIRY)]);
  });

  it('is redeemed once, when approved and unexpired, for the approving user with the new refresh family', () => {
    given([requested, approved(7)])
      .when(redeem(BEFORE_EXPIRY))
      .then([
        {
          type: 'atlas.DeviceAuthorizationRedeemed',
          data: { device_id, user_id: 7, refresh_family_id: family, redeemed_at: BEFORE_EXPIRY },
        },
      ]);
  });

  it('refuses a redemption with RFC 8628 reasons', () => {
    const refusal = (history: DeviceAuthorizationEvent[], command: ReturnType<typeof redeem>) => {
      const error = given(history).when(command).thenThrows('invalid');
      expect(error).toBeInstanceOf(DeviceGrantRefused);
      return (error as DeviceGrantRefused).outcome;
    };
    expect(refusal([requested], redeem())).toBe('authorization_pending');
    expect(refusal([requested, denied()], redeem())).toBe('access_denied');
    expect(refusal([requested, approved()], redeem(EXPIRY))).toBe('expired_token');
    expect(refusal([requested, approved(), redeemed], redeem())).toBe('invalid_grant');
    expect(refusal([requested, approved()], redeem(T0, otherHash))).toBe('invalid_grant');
    expect(refusal([], redeem())).toBe('invalid_grant');
  });

  it('tells a poll what became of it', () => {
    const at = (events: DeviceAuthorizationEvent[], now = T0, secret = hash) =>
      grantOutcome(fold(deviceAuthorization, events), secret, now);
    expect(at([requested])).toBe('authorization_pending');
    expect(at([requested], EXPIRY)).toBe('expired_token');
    expect(at([requested, approved()])).toBe('approved');
    expect(at([requested, denied()], EXPIRY)).toBe('access_denied');
    expect(at([requested, approved(), redeemed])).toBe('invalid_grant');
    expect(at([requested], T0, otherHash)).toBe('invalid_grant');
  });
});

describe("a user code's stream", () => {
  const code = deciderSpec(deviceUserCode);
  const other = '00000000-0000-4000-8000-0000000000d2';
  const reserved = {
    type: 'atlas.DeviceUserCodeReserved' as const,
    data: { user_code: 'WDJBMJHT', device_id, expires_at: EXPIRY },
  };
  const reserve = (id: string, now: string) => ({
    type: 'reserve' as const,
    user_code: 'WDJBMJHT',
    device_id: id,
    expires_at: '2026-03-01T10:00:00.000Z',
    now,
  });

  it('holds a code for one live authorization; re-reserving for it changes nothing', () => {
    code([])
      .when({ ...reserve(device_id, T0), expires_at: EXPIRY })
      .then([reserved]);
    code([reserved]).when(reserve(device_id, T0)).thenNothing();
    code([reserved]).when(reserve(other, BEFORE_EXPIRY)).thenThrows('conflict');
  });

  it('gives an expired code to a new authorization', () => {
    code([reserved])
      .when(reserve(other, EXPIRY))
      .then([
        {
          type: 'atlas.DeviceUserCodeReserved',
          data: { user_code: 'WDJBMJHT', device_id: other, expires_at: '2026-03-01T10:00:00.000Z' },
        },
      ]);
  });
});

describe('user codes', () => {
  it('are 8 letters of the consonant alphabet, shown with a dash, typed in any case with dashes or spaces', () => {
    for (let i = 0; i < 200; i += 1) expect(newUserCode()).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    expect(formatUserCode('WDJBMJHT')).toBe('WDJB-MJHT');
    expect(normalizeUserCode('wdjb-mjht')).toBe('WDJBMJHT');
    expect(normalizeUserCode(' WDJB MJHT ')).toBe('WDJBMJHT');
  });
});
