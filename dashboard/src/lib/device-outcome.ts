/**
 * What the /get-token page says about a device request, from what Atlas answers
 * (services/atlas/device-routes.ts, docs/device-flow.md): a pending request waits for the user's
 * decision; every other state is an outcome said in plain words.
 */
export type DeviceStatus = 'pending' | 'approved' | 'denied' | 'redeemed';

export type DeviceOutcome = 'connected' | 'denied' | 'already-approved' | 'already-denied' | 'used' | 'expired';

export const OUTCOME_WORDS: Record<DeviceOutcome, string> = {
  connected: 'The device is connected. You can close this page.',
  denied: 'You denied the request: the device is not signed in. You can close this page.',
  'already-approved': 'This code was already approved: the device signs in at its next check.',
  'already-denied': 'This code was already denied: the device will not be signed in.',
  used: 'This code was already used: the device has signed in. Start again on the device for a new code.',
  expired: 'This code has expired, or there is no such code. Start again on the device to get a new one.',
};

/** The outcome a looked-up request already has; null while it waits for a decision. */
export function outcomeOfStatus(status: DeviceStatus): DeviceOutcome | null {
  switch (status) {
    case 'pending':
      return null;
    case 'approved':
      return 'already-approved';
    case 'denied':
      return 'already-denied';
    case 'redeemed':
      return 'used';
  }
}

/** The outcome of the user's own decision that Atlas accepted. */
export const outcomeOfDecision = (decision: 'approved' | 'denied'): DeviceOutcome =>
  decision === 'approved' ? 'connected' : 'denied';

/** A pending request whose expiry has passed is expired, whatever the last look-up said. */
export function isExpired(expiresAt: string, nowMs: number): boolean {
  return Date.parse(expiresAt) <= nowMs;
}
