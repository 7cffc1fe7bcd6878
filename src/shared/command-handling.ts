import { randomUUID } from 'node:crypto';
import { conflictRetries, conflicts } from '../metrics/metrics.js';
import { currentTraceparent, inSpan, tracing } from '../tracing/tracing.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Decider, DomainEvent } from './decider.js';
import { fold } from './decider.js';
import { DomainError, SavedNotYetVisibleError } from './errors.js';
import { IDEMPOTENCY_HEADER, type IdempotentRequest } from './idempotency.js';
import { KeyedQueue } from './keyed-queue.js';
import {
  type EventStore,
  type EventMetadata,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port.js';

/** What an append records of the request behind it: who (in which role), when by the service clock, its correlation. */
export interface AppendContext {
  actor: { staffId: string; role: string };
  correlationId: string;
  causationId?: string | null;
  now: Date;
  /** Set when the request carried an Idempotency-Key: the events' ids come from it. */
  idempotency?: IdempotentRequest;
}

export interface CommandOutcome<Event, State> {
  events: Event[];
  state: State;
  /** Global position of the last event appended (or found stored, for a retry); 0 when nothing was appended. */
  position: number;
}

/** How long, and how, a command whose stream another process keeps moving is tried again. */
export interface ConflictRetry {
  /** Give up (CONFLICT) once the next wait would end later than this after the first attempt. */
  budgetMs: number;
  /** The first wait's ceiling; each later one doubles, up to maxDelayMs. Each wait is random below it. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/**
 * Where a command is stored, and how its caller comes to read its own write: the read models'
 * progress (the ReadModelProgress port of src/scale/, which the projection runner keeps) and how
 * long to wait for it. Without `readModels` a command answers as soon as it is stored.
 */
export interface WritePath {
  store: EventStore;
  readModels?: { waitFor(position: number, timeoutMs?: number): Promise<void> };
  readYourWritesTimeoutMs?: number;
}

export const DEFAULT_CONFLICT_RETRY: ConflictRetry = { budgetMs: 5_000, firstDelayMs: 5, maxDelayMs: 200 };

/** One queue per store: a test may run two services, each with its own store, in one process. */
const queues = new WeakMap<EventStore, KeyedQueue>();

/**
 * The write path of every command: load the stream, fold evolve over it, decide, append at the
 * revision that was read, then wait until the read models have reached the appended events, so the
 * caller reads its own write (DESIGN "Read-your-writes"). If they do not within the timeout, the
 * answer is SAVED_NOT_YET_VISIBLE: it is stored, not failed.
 *
 * Commands on one stream in this process wait their turn (a queue per stream), so they never
 * conflict with each other. Another process appending in between makes the append fail on the
 * expected revision; then the whole thing runs again on the fresh stream after a random wait that
 * doubles each time (full jitter), until `retry.budgetMs` is spent: then CONFLICT, nothing stored.
 * A refused command (decide throws) appends nothing. With an Idempotency-Key, a command whose events
 * are already in the stream is not decided again: it answers what was stored.
 */
export function handleCommand<Command, Event extends DomainEvent, State>(
  path: WritePath,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command | ((state: State) => Command),
  context: AppendContext,
  retry: ConflictRetry = DEFAULT_CONFLICT_RETRY,
): Promise<CommandOutcome<Event, State>> {
  // Taken now, outside the queue: the ids depend on the order the request made its commands in.
  const eventId = context.idempotency?.eventIds(streamId) ?? (() => randomUUID());
  const run = async () => {
    const outcome = await decideAndAppend(path.store, streamId, decider, command, context, eventId, retry);
    if (outcome.position > 0 && path.readModels) await readYourWrites(path, outcome.position);
    return outcome;
  };
  if (!tracing()) return run();
  return inSpan('command', { 'practice_audit.stream': streamId, 'practice_audit.correlation_id': context.correlationId }, run);
}

function decideAndAppend<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command | ((state: State) => Command),
  context: AppendContext,
  eventId: (index: number) => string,
  retry: ConflictRetry,
): Promise<CommandOutcome<Event, State>> {
  let queue = queues.get(store);
  if (!queue) queues.set(store, (queue = new KeyedQueue()));
  return queue.run(streamId, async () => {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const recorded = await store.readStream(streamId);
      const stored = context.idempotency && storedAnswer(recorded, decider, eventId, context.idempotency);
      if (stored) return stored;
      const state = fold(decider, recorded.map(toDomainEvent<Event>));
      const events = decider.decide(typeof command === 'function' ? (command as (s: State) => Command)(state) : command, state);
      if (events.length === 0) return { events, state, position: 0 };
      const metadata = eventMetadata(context);
      try {
        const result = await store.appendToStream(
          streamId,
          events.map((event, i) => ({ id: eventId(i), type: event.type, data: event.data as Record<string, unknown>, metadata })),
          { expectedRevision: recorded.length === 0 ? 'no_stream' : recorded[recorded.length - 1].revision },
        );
        return { events, state: events.reduce(decider.evolve, state), position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        const delay = Math.random() * Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** attempt);
        if (Date.now() - started + delay > retry.budgetMs) {
          conflicts.inc();
          throw new DomainError('CONFLICT', 'Someone else changed this record at the same moment, again and again; nothing of this request was saved: try again');
        }
        conflictRetries.inc();
        await sleep(delay);
      }
    }
  });
}

async function readYourWrites(path: WritePath, position: number): Promise<void> {
  try {
    const wait = () => path.readModels!.waitFor(position, path.readYourWritesTimeoutMs);
    await (tracing() ? inSpan('read-your-writes wait', { 'practice_audit.position': position }, wait) : wait());
  } catch {
    // Stored is stored: a slow or stalled projection must not make the caller think it failed.
    throw new SavedNotYetVisibleError(position);
  }
}

/**
 * The outcome of this request's earlier run, when its events are in the stream: they sit together,
 * in order, from the first derived id. The same key with another request is refused.
 */
function storedAnswer<Event extends DomainEvent, State>(
  recorded: RecordedEvent[],
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  eventId: (index: number) => string,
  idempotency: IdempotentRequest,
): CommandOutcome<Event, State> | null {
  const first = recorded.findIndex((event) => event.id === eventId(0));
  if (first < 0) return null;
  if (recorded[first].metadata.request !== idempotency.request) {
    throw new DomainError('BAD_USER_INPUT', `${IDEMPOTENCY_HEADER}: this key was already used for a different request; send a new key with each new request`, IDEMPOTENCY_HEADER);
  }
  let last = first;
  while (last + 1 < recorded.length && recorded[last + 1].id === eventId(last + 1 - first)) last++;
  return {
    events: recorded.slice(first, last + 1).map(toDomainEvent<Event>),
    state: fold(decider, recorded.slice(0, last + 1).map(toDomainEvent<Event>)),
    position: recorded[last].position,
  };
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

export function eventMetadata(context: AppendContext): EventMetadata {
  return {
    occurredAt: context.now.toISOString(),
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId ?? null,
    schemaVersion: 1,
    ...(context.idempotency ? { request: context.idempotency.request } : {}),
    ...traceparentField(),
  };
}

function traceparentField(): { traceparent?: string } {
  const traceparent = currentTraceparent();
  return traceparent ? { traceparent } : {};
}
