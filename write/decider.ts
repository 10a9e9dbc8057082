/**
 * A decider (design §3, after Emmett): the whole behaviour of one aggregate as three pure parts.
 * No I/O, no clock, no randomness: the command carries `now` and any generated ids, and `decide`
 * refuses by throwing a `DomainError`.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

/** The state after a sequence of events. */
export function fold<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: readonly Event[],
  from: State = decider.initialState,
): State {
  return events.reduce((state, event) => decider.evolve(state, event), from);
}
