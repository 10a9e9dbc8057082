/**
 * Decider tests that read like the rule they check (after Emmett's DeciderSpecification):
 *
 *   const given = deciderSpec(task);
 *   given([created, assigned]).when(start).then([started]);
 *   given([created, completed]).when(complete).thenThrows('conflict');
 *
 * `then` also validates every produced event against the catalogue, so a decider cannot emit data
 * that the store would refuse.
 */
import { expect } from 'vitest';
import { fold, type Decider } from './decider.js';
import { DomainError, type DomainErrorKind } from './domain-error.js';
import { parseEventData } from './catalogue.js';

interface Outcome<Event> {
  then(expected: readonly Event[]): void;
  thenNothing(): void;
  thenThrows(kind: DomainErrorKind, message?: string | RegExp): DomainError;
}

export function deciderSpec<Command, Event extends { type: string; data: unknown }, State>(
  decider: Decider<Command, Event, State>,
) {
  return function given(history: readonly Event[]) {
    return {
      when(command: Command): Outcome<Event> {
        const run = () => decider.decide(command, fold(decider, history));
        return {
          then(expected) {
            const actual = run();
            for (const event of actual) parseEventData(event.type, event.data);
            expect(actual).toEqual(expected);
          },
          thenNothing() {
            expect(run()).toEqual([]);
          },
          thenThrows(kind, message) {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown, 'decide should have refused the command').toBeInstanceOf(DomainError);
            const error = thrown as DomainError;
            expect(error.kind).toBe(kind);
            if (message !== undefined) expect(error.message).toMatch(message);
            return error;
          },
        };
      },
    };
  };
}
