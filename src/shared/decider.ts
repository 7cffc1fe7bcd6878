import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { LocalDate, Role } from './domain-types.js';
import { badInput, forbidden } from './errors.js';

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

/** Who sends a command: the staff member and every role they hold. */
export type Actor = { staffId: string; roles: readonly Role[] };

/** What every command brings besides its data: who, and the day by the service clock. */
export type CommandContext = { actor: Actor; today: LocalDate; calendar: WorkingCalendar };

// Small input checks shared by the deciders. Each names the field it checks.

export function requireText(field: string, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw badInput(field, 'must not be empty');
  return text;
}

export function optionalText(value: string | null | undefined): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? null : text;
}

export function requireRole(actor: Actor, roles: readonly Role[], doing: string): void {
  if (!roles.some((role) => actor.roles.includes(role))) {
    throw forbidden(`only ${roles.join(' or ')} may ${doing}`);
  }
}
