import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from './verified-tokens.js';

describe('VerifiedTokens', () => {
  const ada = { user_id: 42, username: 'ada' };

  it('knows a token until its exp, and not a moment longer', () => {
    let now = 1_000_000;
    const tokens = new VerifiedTokens({ now: () => now });
    tokens.remember('t', ada, 1_030); // exp in seconds: 30 s from now
    expect(tokens.get('t')).toEqual(ada);
    now = 1_029_999;
    expect(tokens.get('t')).toEqual(ada);
    now = 1_030_000;
    expect(tokens.get('t')).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('keeps no token longer than maxAgeMs, even one valid for hours', () => {
    let now = 0;
    const tokens = new VerifiedTokens({ maxAgeMs: 60_000, now: () => now });
    tokens.remember('t', ada, 3 * 3600);
    now = 59_999;
    expect(tokens.get('t')).toEqual(ada);
    now = 60_000;
    expect(tokens.get('t')).toBeUndefined();
  });

  it('matches the exact token text only, never remembers an expired token, and drops the oldest past its capacity', () => {
    const tokens = new VerifiedTokens({ capacity: 2, now: () => 0 });
    tokens.remember('a.b.c', ada, 100);
    expect(tokens.get('a.b.C')).toBeUndefined();
    expect(tokens.get(' a.b.c')).toBeUndefined();
    tokens.remember('late', ada, 0);
    expect(tokens.get('late')).toBeUndefined();
    tokens.remember('two', ada, 100);
    tokens.remember('three', ada, 100);
    expect([tokens.get('a.b.c'), tokens.get('two'), tokens.get('three')]).toEqual([undefined, ada, ada]);
  });
});
