import { expect } from '@jest/globals';
import type { Decider, DomainEvent } from '../../src/shared/decider.js';
import { fold } from '../../src/shared/decider.js';
import { DomainError, type ErrorCode } from '../../src/shared/errors.js';

/**
 * Given/when/then for deciders, after emmett's DeciderSpecification:
 *
 *   DeciderSpec.for(auditDecider).given([allocated]).when(setGrade).then([gradeSet]);
 *   DeciderSpec.for(auditDecider).given([]).when(setGrade).thenThrows('NOT_FOUND', /audit/);
 *
 * `then` also folds the produced events onto the state, so an event that evolve cannot take fails here
 * rather than later in a handler.
 */
export const DeciderSpec = {
  for<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
    return {
      given(events: readonly Event[] = []) {
        return {
          when(command: Command) {
            const run = () => decider.decide(command, fold(decider, events));
            return {
              /** The command yields exactly these events, in this order. */
              then(expected: readonly Event[]): Event[] {
                const produced = run();
                expect(produced).toEqual(expected);
                fold(decider, [...events, ...produced]);
                return produced;
              },
              /** The command yields events that pass `check`; for when only part of them matters. */
              thenMatches(check: (produced: Event[], state: State) => void): Event[] {
                const produced = run();
                check(produced, fold(decider, [...events, ...produced]));
                return produced;
              },
              /** The command is refused with this code, and the message names the field or the rule. */
              thenThrows(code: ErrorCode, message: RegExp | string, field?: string): DomainError {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                expect(thrown).toBeInstanceOf(DomainError);
                const error = thrown as DomainError;
                expect({ code: error.code, message: error.message }).toEqual({
                  code,
                  message: expect.stringMatching(message),
                });
                if (field !== undefined) expect(error.field).toBe(field);
                return error;
              },
            };
          },
        };
      },
    };
  },
};
