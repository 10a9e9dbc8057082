import { describe, expect, it } from 'vitest';
import { memberReference } from './member-input.js';

describe('memberReference', () => {
  it('reads all digits as a user id', () => {
    expect(memberReference('42')).toEqual({ user_id: 42 });
    expect(memberReference('  7 ')).toEqual({ user_id: 7 });
  });

  it('reads anything else as a username, trimmed, without a leading @', () => {
    expect(memberReference('ana')).toEqual({ username: 'ana' });
    expect(memberReference(' @bob.smith ')).toEqual({ username: 'bob.smith' });
    expect(memberReference('42a')).toEqual({ username: '42a' });
    expect(memberReference('user_01')).toEqual({ username: 'user_01' });
  });

  it('keeps digits that are not a valid id as an id, for Atlas to refuse with its own words', () => {
    expect(memberReference('0')).toEqual({ user_id: 0 });
  });

  it('is nothing when nothing is typed', () => {
    expect(memberReference('')).toBeNull();
    expect(memberReference('   ')).toBeNull();
  });
});
