/**
 * A registered user. The password hash is computed outside (scrypt is slow and random-salted, so
 * it cannot live in a pure decider) and arrives in the command.
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { AtlasEventOf } from './events.js';

export type UserEvent = AtlasEventOf<'atlas.UserRegistered'>;

export interface RegisterUser {
  type: 'RegisterUser';
  user_id: number;
  username: string;
  email: string;
  password_hash: string;
  personal_organization_id: string;
  now: Date;
}

export type UserState = { registered: false } | ({ registered: true } & UserEvent['data']);

export const user: Decider<RegisterUser, UserEvent, UserState> = {
  initialState: { registered: false },
  evolve: (_state, event) => ({ registered: true, ...event.data }),
  decide(command, state) {
    if (state.registered) throw new DomainError('conflict', `user ${command.user_id} is already registered`);
    return [
      {
        type: 'atlas.UserRegistered',
        data: {
          user_id: command.user_id,
          username: command.username,
          email: command.email,
          password_hash: command.password_hash,
          personal_organization_id: command.personal_organization_id,
          registered_at: command.now.toISOString(),
        },
      },
    ];
  },
};
