/**
 * Refresh-token families (OAuth 2.0 Security BCP §4.14): one stream per login. A token is
 * `<family_id>.<secret>`; only the sha256 of the secret is stored. Using a token rotates it;
 * presenting one that was already rotated away means it leaked, and revokes the whole family.
 */
import { z } from 'zod';
import { defineEvent } from '../../event.js';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const RefreshFamilyStarted = defineEvent(
  'atlas.RefreshFamilyStarted',
  1,
  z.strictObject({
    family_id: z.uuid(),
    user_id: z.number().int().positive(),
    token_hash: sha256Hex,
    expires_at: z.iso.datetime(),
  }),
);
export const RefreshTokenRotated = defineEvent(
  'atlas.RefreshTokenRotated',
  1,
  z.strictObject({
    family_id: z.uuid(),
    previous_hash: sha256Hex,
    token_hash: sha256Hex,
    expires_at: z.iso.datetime(),
  }),
);
export const RefreshFamilyRevoked = defineEvent(
  'atlas.RefreshFamilyRevoked',
  1,
  z.strictObject({ family_id: z.uuid(), reason: z.enum(['reuse_detected', 'logout']), revoked_at: z.iso.datetime() }),
);

export const refreshEvents = [RefreshFamilyStarted, RefreshTokenRotated, RefreshFamilyRevoked] as const;

export const refreshFamilyStream = (familyId: string): string => `atlas-refresh-${familyId}`;
