/**
 * A user code's stream (`atlas-device-user-code-<CODE>`): which device authorization the code
 * names, until when. A code is held by one authorization while that one lives; once it has
 * expired, the code may be given to a new one (20^8 codes, each live for minutes: a reuse is rare,
 * and never while the old one could still be approved). Re-reserving for the holder is a no-op,
 * so a retried request does not trip over its own reservation. Pure: `now` comes with the command.
 */
import type { Decider } from '../../decider.js';
import { DomainError } from '../../domain-error.js';
import type { EventOf } from '../../event.js';
import type { DeviceUserCodeReserved } from './device-events.js';

export type UserCodeEvent = EventOf<[typeof DeviceUserCodeReserved]>;

export type UserCodeCommand = {
  type: 'reserve';
  user_code: string;
  device_id: string;
  expires_at: string;
  now: string;
};

export interface UserCodeState {
  device_id: string | null;
  expires_at: string | null;
}

/** Whether a reservation still holds its code at `now`. */
export const holdsAt = (state: UserCodeState, now: string): boolean =>
  state.device_id !== null && state.expires_at !== null && Date.parse(state.expires_at) > Date.parse(now);

export const deviceUserCode: Decider<UserCodeCommand, UserCodeEvent, UserCodeState> = {
  initialState: { device_id: null, expires_at: null },
  evolve: (_state, event) => ({ device_id: event.data.device_id, expires_at: event.data.expires_at }),
  decide(command, state) {
    if (state.device_id === command.device_id) return [];
    if (holdsAt(state, command.now)) throw new DomainError('conflict', 'this user code is in use');
    const { user_code, device_id, expires_at } = command;
    return [{ type: 'atlas.DeviceUserCodeReserved', data: { user_code, device_id, expires_at } }];
  },
};
