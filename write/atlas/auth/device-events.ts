/**
 * The OAuth 2.0 device authorization grant (RFC 8628) as events. Two kinds of stream:
 *
 * - `atlas-device-authorization-<device_id>`: one authorization, from its request through the
 *   user's approval or denial to its single redemption. The device code is `<device_id>.<secret>`;
 *   only the sha256 of the secret is stored, so the stream cannot be used to poll.
 * - `atlas-device-user-code-<CODE>`: which authorization a user code names while it lives. The
 *   dashboard finds an authorization by the code the user types, also after a restart; the stream's
 *   expected revision keeps a code from naming two live authorizations at once.
 *
 * The approving (or denying) user's id is in the decision; the device code's secret never is.
 */
import { z } from 'zod';
import { defineEvent } from '../../event.js';
import { InstantSchema, nameText, UserIdSchema, UuidSchema } from '../../schemas.js';

/** RFC 8628 §6.1: consonants only (no vowels, so no words), none easily confused with another. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

/** A user code as stored: 8 letters of the alphabet, upper case, without the dash it is shown with. */
export const UserCodeSchema = z.string().regex(new RegExp(`^[${USER_CODE_ALPHABET}]{${USER_CODE_LENGTH}}$`));

/** How a client names itself on the approval page, e.g. `atlas-agent on alice-laptop`. */
export const ClientNameSchema = nameText(100);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const DeviceAuthorizationRequested = defineEvent(
  'atlas.DeviceAuthorizationRequested',
  1,
  z.strictObject({
    device_id: UuidSchema,
    user_code: UserCodeSchema,
    /** sha256 of the device code's secret, hex. */
    secret_hash: sha256Hex,
    client_name: ClientNameSchema.nullable(),
    requested_at: InstantSchema,
    expires_at: InstantSchema,
    /** The least number of seconds the device is told to wait between polls. */
    interval_seconds: z.int().positive(),
  }),
);

export const DeviceUserCodeReserved = defineEvent(
  'atlas.DeviceUserCodeReserved',
  1,
  z.strictObject({ user_code: UserCodeSchema, device_id: UuidSchema, expires_at: InstantSchema }),
);

export const DeviceAuthorizationApproved = defineEvent(
  'atlas.DeviceAuthorizationApproved',
  1,
  z.strictObject({
    device_id: UuidSchema,
    user_code: UserCodeSchema,
    user_id: UserIdSchema,
    approved_at: InstantSchema,
  }),
);

export const DeviceAuthorizationDenied = defineEvent(
  'atlas.DeviceAuthorizationDenied',
  1,
  z.strictObject({
    device_id: UuidSchema,
    user_code: UserCodeSchema,
    user_id: UserIdSchema,
    denied_at: InstantSchema,
  }),
);

export const DeviceAuthorizationRedeemed = defineEvent(
  'atlas.DeviceAuthorizationRedeemed',
  1,
  z.strictObject({
    device_id: UuidSchema,
    /** The approving user, to whom the tokens were issued. */
    user_id: UserIdSchema,
    /** The refresh-token family started for the device (`atlas-refresh-<id>`). */
    refresh_family_id: UuidSchema,
    redeemed_at: InstantSchema,
  }),
);

export const deviceEvents = [
  DeviceAuthorizationRequested,
  DeviceUserCodeReserved,
  DeviceAuthorizationApproved,
  DeviceAuthorizationDenied,
  DeviceAuthorizationRedeemed,
] as const;

export const deviceAuthorizationStream = (deviceId: string): string => `atlas-device-authorization-${deviceId}`;

export const deviceUserCodeStream = (userCode: string): string => `atlas-device-user-code-${userCode}`;
