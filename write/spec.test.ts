import { describe, expect, it } from 'vitest';
import type { Decider } from './decider.js';
import { DomainError } from './domain-error.js';
import { InvalidEventError } from './catalogue.js';
import { deciderSpec } from './spec.js';

type Allocated = { type: 'atlas.UserIdAllocated'; data: { user_id: number } };
/** Allocates `next` and refuses `refuse`; counts events as state. */
const counter: Decider<{ next: number } | { refuse: true }, Allocated, number> = {
  initialState: 0,
  evolve: (n) => n + 1,
  decide: (command, n) => {
    if ('refuse' in command) throw new DomainError('forbidden', `no, after ${n}`);
    return [{ type: 'atlas.UserIdAllocated', data: { user_id: command.next } }];
  },
};
const given = deciderSpec(counter);
const allocated = (user_id: number): Allocated => ({ type: 'atlas.UserIdAllocated', data: { user_id } });

describe('deciderSpec', () => {
  it('folds the history before deciding', () => {
    given([allocated(1), allocated(2)])
      .when({ refuse: true })
      .thenThrows('forbidden', /after 2/);
  });

  it('then fails on other events, and on events the catalogue refuses', () => {
    expect(() =>
      given([])
        .when({ next: 1 })
        .then([allocated(2)]),
    ).toThrow();
    expect(() =>
      given([])
        .when({ next: 0 })
        .then([allocated(0)]),
    ).toThrow(InvalidEventError);
  });

  it('thenThrows fails when nothing is thrown, or another kind is', () => {
    expect(() => given([]).when({ next: 1 }).thenThrows('forbidden')).toThrow(/should have refused/);
    expect(() => given([]).when({ refuse: true }).thenThrows('conflict')).toThrow();
  });

  it('thenNothing fails when something was decided', () => {
    expect(() => given([]).when({ next: 1 }).thenNothing()).toThrow();
  });
});
