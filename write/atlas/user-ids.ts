/**
 * User id allocation: integer ids 1, 2, 3 … (the seed's `users.id INTEGER`) handed out by one
 * stream. Two allocations racing for the same id cannot both append at the same expected revision,
 * so ids are never shared; the loser re-reads and takes the next one.
 */
import type { Decider } from '../decider.js';
import type { AtlasEventOf } from './events.js';

export type UserIdEvent = AtlasEventOf<'atlas.UserIdAllocated'>;
export interface AllocateUserId {
  type: 'AllocateUserId';
}
export interface UserIdsState {
  lastAllocated: number;
}

export const userIds: Decider<AllocateUserId, UserIdEvent, UserIdsState> = {
  initialState: { lastAllocated: 0 },
  evolve: (state, event) => ({ lastAllocated: Math.max(state.lastAllocated, event.data.user_id) }),
  decide: (_command, state) => [{ type: 'atlas.UserIdAllocated', data: { user_id: state.lastAllocated + 1 } }],
};
