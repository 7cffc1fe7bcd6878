import { randomUUID } from 'node:crypto';
import type { Decider, DomainEvent } from './decider.js';
import { fold } from './decider.js';
import {
  type EventStore,
  type EventMetadata,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port.js';

/** Who sends a command, and when (by the service clock). */
export interface CommandContext {
  actor: { staffId: string; role: string };
  correlationId: string;
  causationId?: string | null;
  now: Date;
}

export interface CommandOutcome<Event, State> {
  events: Event[];
  state: State;
  /** Global position of the last event appended; 0 when the command appended nothing. */
  position: number;
}

const MAX_ATTEMPTS = 5;

/**
 * The write path: load the stream, fold evolve over it, decide, append at the revision that was read.
 * A concurrent writer makes the append fail on the expected revision; then the whole thing runs
 * again on the fresh stream, a bounded number of times. A refused command (decide throws) appends nothing.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command | ((state: State) => Command),
  context: CommandContext,
): Promise<CommandOutcome<Event, State>> {
  for (let attempt = 1; ; attempt++) {
    const recorded = await store.readStream(streamId);
    const state = fold(decider, recorded.map(toDomainEvent<Event>));
    const events = decider.decide(typeof command === 'function' ? (command as (s: State) => Command)(state) : command, state);
    if (events.length === 0) return { events, state, position: 0 };
    const metadata = eventMetadata(context);
    try {
      const result = await store.appendToStream(
        streamId,
        events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data as Record<string, unknown>, metadata })),
        { expectedRevision: recorded.length === 0 ? 'no_stream' : recorded[recorded.length - 1].revision },
      );
      return { events, state: events.reduce(decider.evolve, state), position: result.position };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}

/** Current state of an aggregate, for a command that needs facts about another one. */
export async function loadState<Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
): Promise<{ state: State; exists: boolean }> {
  const recorded = await store.readStream(streamId);
  return { state: fold(decider, recorded.map(toDomainEvent<Event>)), exists: recorded.length > 0 };
}

export function toDomainEvent<Event extends DomainEvent>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}

export function eventMetadata(context: CommandContext): EventMetadata {
  return {
    occurredAt: context.now.toISOString(),
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId ?? null,
    schemaVersion: 1,
  };
}
