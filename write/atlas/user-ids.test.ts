import { describe, it } from 'vitest';
import { deciderSpec } from '../spec.js';
import { userIds } from './user-ids.js';

const given = deciderSpec(userIds);
const allocated = (user_id: number) => ({ type: 'atlas.UserIdAllocated' as const, data: { user_id } });
const allocate = { type: 'AllocateUserId' as const };

describe('user id allocation', () => {
  it('starts at 1', () => {
    given([])
      .when(allocate)
      .then([allocated(1)]);
  });

  it('hands out the next integer after the last one', () => {
    given([allocated(1), allocated(2)])
      .when(allocate)
      .then([allocated(3)]);
  });
});
