/**
 * Reservation of a unique value (a username, an email) for one user. Each value has a stream of
 * its own (`atlas-username-<value>`), so whoever appends first holds it; re-reserving for the
 * holder is a no-op, so a retried registration does not trip over its own reservation.
 */
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { AtlasEventOf } from './events.js';

export type ReservationCommand =
  { type: 'Reserve'; value: string; user_id: number } | { type: 'Release'; user_id: number };

export interface ReservationState {
  holder: number | null;
  value: string | null;
}

export type UsernameEvent = AtlasEventOf<'atlas.UsernameReserved' | 'atlas.UsernameReleased'>;
export type EmailEvent = AtlasEventOf<'atlas.EmailReserved' | 'atlas.EmailReleased'>;

interface ReservedKind<Event> {
  /** The input field the value came from, for error pointers and messages. */
  field: 'username' | 'email';
  reserved(value: string, userId: number): Event;
  released(value: string, userId: number): Event;
  /** The value held after the event, or null when the event frees it. */
  heldAfter(event: Event): string | null;
}

function reservationOf<Event extends { data: { user_id: number } }>(
  kind: ReservedKind<Event>,
): Decider<ReservationCommand, Event, ReservationState> {
  return {
    initialState: { holder: null, value: null },
    evolve(_state, event) {
      const value = kind.heldAfter(event);
      return value === null ? { holder: null, value: null } : { holder: event.data.user_id, value };
    },
    decide(command, state) {
      if (command.type === 'Reserve') {
        if (state.holder === command.user_id) return [];
        if (state.holder !== null) {
          throw new DomainError('conflict', `this ${kind.field} is already taken`, `/${kind.field}`);
        }
        return [kind.reserved(command.value, command.user_id)];
      }
      if (state.holder === null || state.value === null) return [];
      if (state.holder !== command.user_id) {
        throw new DomainError('conflict', `this ${kind.field} is held by another user`, `/${kind.field}`);
      }
      return [kind.released(state.value, command.user_id)];
    },
  };
}

export const usernameReservation = reservationOf<UsernameEvent>({
  field: 'username',
  reserved: (username, user_id) => ({ type: 'atlas.UsernameReserved', data: { username, user_id } }),
  released: (username, user_id) => ({ type: 'atlas.UsernameReleased', data: { username, user_id } }),
  heldAfter: (event) => (event.type === 'atlas.UsernameReserved' ? event.data.username : null),
});

export const emailReservation = reservationOf<EmailEvent>({
  field: 'email',
  reserved: (email, user_id) => ({ type: 'atlas.EmailReserved', data: { email, user_id } }),
  released: (email, user_id) => ({ type: 'atlas.EmailReleased', data: { email, user_id } }),
  heldAfter: (event) => (event.type === 'atlas.EmailReserved' ? event.data.email : null),
});
