/** When a fresh access token is renewed: a minute before it expires, or halfway for a short one. */
import { describe, expect, it } from 'vitest';
import { Credentials } from './credentials.js';
import { credentialsOf, expiresAt } from './session.js';

const NOW = Date.parse('2026-05-04T09:00:00Z');

describe('expiresAt', () => {
  it('renews a minute before the token expires', () => {
    expect(expiresAt(NOW, 3_600)).toBe(NOW + 3_540_000);
    expect(expiresAt(NOW, 900)).toBe(NOW + 840_000);
  });

  it('renews a short-lived token halfway through its life', () => {
    expect(expiresAt(NOW, 120)).toBe(NOW + 60_000); // both rules agree
    expect(expiresAt(NOW, 100)).toBe(NOW + 50_000);
    expect(expiresAt(NOW, 60)).toBe(NOW + 30_000);
    expect(expiresAt(NOW, 1)).toBe(NOW + 500);
    expect(expiresAt(NOW, 0)).toBe(NOW);
  });

  it('is never after the token expires, nor before now', () => {
    for (let expiresIn = 0; expiresIn <= 7_200; expiresIn += 7) {
      const at = expiresAt(NOW, expiresIn);
      expect(at).toBeGreaterThanOrEqual(NOW);
      expect(at).toBeLessThanOrEqual(NOW + expiresIn * 1000);
    }
  });
});

describe('credentialsOf', () => {
  it('builds credentials the file accepts, renewing ahead of expiry', () => {
    const before = Date.now();
    const c = credentialsOf(
      'http://localhost:8001',
      { id: 7, username: 'alice' },
      { access_token: 'a.b.c', expires_in: 3_600, refresh_token: 'r' },
      'password',
    );
    const after = Date.now();
    expect(Credentials.parse(c)).toEqual(c);
    expect(c).toMatchObject({ atlas_url: 'http://localhost:8001', user_id: 7, username: 'alice', method: 'password' });
    expect(c.access_expires_at).toBeGreaterThanOrEqual(before + 3_540_000);
    expect(c.access_expires_at).toBeLessThanOrEqual(after + 3_540_000);
  });
});
