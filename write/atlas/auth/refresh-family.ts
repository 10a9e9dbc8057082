/**
 * The refresh-token family decider. Pure: the handler passes hashes, ids and `now`.
 * `rotate` answers with the events to append; a reuse answers with the revocation, which the
 * handler appends *and* reports as a failed refresh.
 */
import type { Decider } from '../../decider.js';
import { DomainError } from '../../domain-error.js';
import type { EventOf } from '../../event.js';
import type { refreshEvents } from './events.js';

export type RefreshEvent = EventOf<typeof refreshEvents>;

export type RefreshCommand =
  | { type: 'start'; family_id: string; user_id: number; token_hash: string; expires_at: string }
  | { type: 'rotate'; presented_hash: string; token_hash: string; now: string; expires_at: string }
  | { type: 'revoke'; now: string };

export interface RefreshState {
  family_id: string | null;
  user_id: number | null;
  current_hash: string | null;
  expires_at: string | null;
  used_hashes: ReadonlySet<string>;
  revoked: boolean;
}

export const initialRefreshState: RefreshState = {
  family_id: null,
  user_id: null,
  current_hash: null,
  expires_at: null,
  used_hashes: new Set(),
  revoked: false,
};

function evolve(state: RefreshState, event: RefreshEvent): RefreshState {
  switch (event.type) {
    case 'atlas.RefreshFamilyStarted':
      return {
        ...state,
        family_id: event.data.family_id,
        user_id: event.data.user_id,
        current_hash: event.data.token_hash,
        expires_at: event.data.expires_at,
      };
    case 'atlas.RefreshTokenRotated':
      return {
        ...state,
        current_hash: event.data.token_hash,
        expires_at: event.data.expires_at,
        used_hashes: new Set([...state.used_hashes, event.data.previous_hash]),
      };
    case 'atlas.RefreshFamilyRevoked':
      return { ...state, revoked: true };
  }
}

const invalid = (): DomainError =>
  new DomainError('invalid', 'refresh token is invalid, expired or revoked', '/body/refresh_token');

function decide(command: RefreshCommand, state: RefreshState): RefreshEvent[] {
  switch (command.type) {
    case 'start':
      if (state.family_id !== null) throw new DomainError('conflict', 'refresh family already started');
      return [
        {
          type: 'atlas.RefreshFamilyStarted',
          data: {
            family_id: command.family_id,
            user_id: command.user_id,
            token_hash: command.token_hash,
            expires_at: command.expires_at,
          },
        },
      ];
    case 'rotate': {
      if (state.family_id === null || state.revoked) throw invalid();
      if (state.used_hashes.has(command.presented_hash)) {
        return [
          {
            type: 'atlas.RefreshFamilyRevoked',
            data: { family_id: state.family_id, reason: 'reuse_detected', revoked_at: command.now },
          },
        ];
      }
      if (command.presented_hash !== state.current_hash) throw invalid();
      if (state.expires_at !== null && state.expires_at <= command.now) throw invalid();
      return [
        {
          type: 'atlas.RefreshTokenRotated',
          data: {
            family_id: state.family_id,
            previous_hash: command.presented_hash,
            token_hash: command.token_hash,
            expires_at: command.expires_at,
          },
        },
      ];
    }
    case 'revoke':
      if (state.family_id === null || state.revoked) return [];
      return [
        {
          type: 'atlas.RefreshFamilyRevoked',
          data: { family_id: state.family_id, reason: 'logout', revoked_at: command.now },
        },
      ];
  }
}

export const refreshFamily: Decider<RefreshCommand, RefreshEvent, RefreshState> = {
  initialState: initialRefreshState,
  evolve,
  decide,
};
