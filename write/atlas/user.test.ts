import { describe, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import { user } from './user.js';

const given = deciderSpec(user);
const now = new Date('2026-03-01T09:00:00.000Z');
const register = {
  type: 'RegisterUser' as const,
  user_id: 1,
  username: 'john_doe',
  email: 'john@example.com',
  password_hash: 'scrypt$32768$8$3$c2FsdA$aGFzaA',
  personal_organization_id: '00000000-0000-4000-8000-0000000000a1',
  now,
};
const registered = {
  type: 'atlas.UserRegistered' as const,
  data: {
    user_id: 1,
    username: 'john_doe',
    email: 'john@example.com',
    password_hash: 'scrypt$32768$8$3$c2FsdA$aGFzaA',
    personal_organization_id: '00000000-0000-4000-8000-0000000000a1',
    registered_at: '2026-03-01T09:00:00.000Z',
  },
};

describe('user', () => {
  it('registers with the hash it is given', () => {
    given([]).when(register).then([registered]);
  });

  it('cannot register the same user id twice', () => {
    given([registered]).when(register).thenThrows('conflict');
  });
});
