import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import { emailReservation, usernameReservation } from './reservation.js';

const username = deciderSpec(usernameReservation);
const email = deciderSpec(emailReservation);
const reserved = (user_id: number) => ({
  type: 'atlas.UsernameReserved' as const,
  data: { username: 'John_Doe', user_id },
});
const released = (user_id: number) => ({
  type: 'atlas.UsernameReleased' as const,
  data: { username: 'John_Doe', user_id },
});
const reserve = (user_id: number) => ({ type: 'Reserve' as const, value: 'John_Doe', user_id });
const release = (user_id: number) => ({ type: 'Release' as const, user_id });

describe('username reservation', () => {
  it('reserves a free value', () => {
    username([])
      .when(reserve(1))
      .then([reserved(1)]);
  });

  it('refuses a value held by someone else', () => {
    const error = username([reserved(1)])
      .when(reserve(2))
      .thenThrows('conflict', /username is already taken/);
    expect(error.pointer).toBe('/username');
  });

  it('re-reserving for the holder changes nothing', () => {
    username([reserved(1)])
      .when(reserve(1))
      .thenNothing();
  });

  it('releases for the holder, with the value it held', () => {
    username([reserved(1)])
      .when(release(1))
      .then([released(1)]);
  });

  it('refuses a release by someone else', () => {
    username([reserved(1)])
      .when(release(2))
      .thenThrows('conflict');
  });

  it('releasing a free value changes nothing', () => {
    username([]).when(release(1)).thenNothing();
    username([reserved(1), released(1)])
      .when(release(1))
      .thenNothing();
  });

  it('a released value can be reserved again, by anyone', () => {
    username([reserved(1), released(1)])
      .when(reserve(2))
      .then([reserved(2)]);
  });
});

describe('email reservation', () => {
  const emailReserved = { type: 'atlas.EmailReserved' as const, data: { email: 'john@example.com', user_id: 1 } };

  it('reserves, refuses others, releases', () => {
    email([]).when({ type: 'Reserve', value: 'john@example.com', user_id: 1 }).then([emailReserved]);
    email([emailReserved])
      .when({ type: 'Reserve', value: 'john@example.com', user_id: 2 })
      .thenThrows('conflict', /email/);
    email([emailReserved])
      .when({ type: 'Release', user_id: 1 })
      .then([{ type: 'atlas.EmailReleased', data: { email: 'john@example.com', user_id: 1 } }]);
  });
});
