import { describe, expect, it } from 'vitest';
import { OUTCOME_WORDS, isExpired, outcomeOfDecision, outcomeOfStatus } from './device-outcome.js';

describe('device outcomes', () => {
  it('waits for a decision on a pending request only', () => {
    expect(outcomeOfStatus('pending')).toBeNull();
    expect(outcomeOfStatus('approved')).toBe('already-approved');
    expect(outcomeOfStatus('denied')).toBe('already-denied');
    expect(outcomeOfStatus('redeemed')).toBe('used');
  });

  it('says the device is connected after an approval, and not after a denial', () => {
    expect(OUTCOME_WORDS[outcomeOfDecision('approved')]).toBe('The device is connected. You can close this page.');
    expect(OUTCOME_WORDS[outcomeOfDecision('denied')]).toMatch(/denied/);
  });

  it('counts a request expired from its expiry on, not before', () => {
    const expiresAt = '2026-03-02T09:10:00.000Z';
    expect(isExpired(expiresAt, Date.parse('2026-03-02T09:09:59.999Z'))).toBe(false);
    expect(isExpired(expiresAt, Date.parse(expiresAt))).toBe(true);
    expect(isExpired(expiresAt, Date.parse('2026-03-02T09:10:00.001Z'))).toBe(true);
  });
});
