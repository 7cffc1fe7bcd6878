/**
 * A decider holds an aggregate's rules as pure functions:
 * - decide(command, state) returns the events the command causes, or throws a DomainError;
 * - evolve(state, event) folds one event into the state.
 * No I/O, no clock: whatever a rule needs (the time, facts about other aggregates) comes in the command.
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
