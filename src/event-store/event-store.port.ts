/**
 * The event store port. Three adapters implement it and all pass the one contract suite in
 * test/event-store.contract.ts: postgres/ (the embedded default), eventstoredb/ (production), and
 * in-memory/ (tests of command handlers without a database; the service never runs on it).
 *
 * Streams are named `<aggregate>-<id>` (audit-…, cycle-…, staff-…, team-…). Revisions are 0-based
 * within a stream; positions are the global order across all streams, increasing, and a reader never
 * sees a later event before an earlier one commits.
 */

/** Who did it and why: carried on every event. */
export interface EventMetadata {
  /** The instant the change happened, by the service clock (APP_CLOCK aware), ISO 8601. */
  occurredAt: string;
  /** The staff member (and the role they acted in) behind the command; `system` for seeding/jobs. */
  actor: { staffId: string; role: string };
  correlationId: string;
  /** The event or command id that caused this one; null for a user's command. */
  causationId: string | null;
  /** Version of the event's data shape, so old events can be upcast. */
  schemaVersion: number;
  /**
   * For a mutation sent with an Idempotency-Key: SHA-256 of its operation and arguments, so that the
   * same key sent with another request is told apart from a retry (src/shared/idempotency.ts).
   */
  request?: string;
  /** With tracing on (OTEL_EXPORTER_OTLP_ENDPOINT): the W3C traceparent of the command's span, so its projection joins the trace. */
  traceparent?: string;
}

export interface NewEvent<TType extends string = string, TData = Record<string, unknown>> {
  /** UUID. Appending an event whose id is already in the stream is a no-op (idempotent retry). */
  id?: string;
  type: TType;
  data: TData;
  metadata: EventMetadata;
}

export interface RecordedEvent<TType extends string = string, TData = Record<string, unknown>> {
  id: string;
  streamId: string;
  /** 0-based position inside its stream. */
  revision: number;
  /** Global position: strictly increasing in the order readers see events. */
  position: number;
  type: TType;
  data: TData;
  metadata: EventMetadata;
  /** Hash chain per stream: hash = SHA-256(prevHash + canonical event). See hash-chain.ts. */
  prevHash: string;
  hash: string;
}

/**
 * - 'no_stream': the stream must not exist yet
 * - 'stream_exists': it must exist, any revision
 * - 'any': no check
 * - a number: the revision of the stream's last event must be exactly this
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream (pass it as expectedRevision next time). */
  nextExpectedRevision: number;
  /** Global position of the last event appended (or already present, for an idempotent retry). */
  position: number;
}

export interface ReadStreamOptions {
  /** First revision to return, inclusive. Default 0. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events with position strictly greater than this. Default 0 (from the start). */
  after?: number;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Deliver events with position strictly greater than this. Default 0. */
  after?: number;
  /** Largest batch handed to the handler at once. Default 500. */
  maxBatch?: number;
}

export interface Subscription {
  /** Stops delivering; resolves once the handler in flight (if any) has finished. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after stop(), rejects with the handler's error. */
  readonly done: Promise<void>;
}

export interface EventStore {
  appendToStream(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Events of one stream in revision order; [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up then live: the handler gets every event after `after` exactly once, in global order,
   * in batches, one batch at a time (the next waits for the handler's promise). If the handler
   * throws, the subscription stops and `done` rejects with that error.
   */
  subscribeToAll(handler: (events: RecordedEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription;
  /** Position of the newest event readers can see; 0 for an empty store. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or -1 when it does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * An append whose event ids are partly stored already (a batch mixing stored and new ids), stored in
 * another stream, or repeated within the batch. Nothing is appended. (A batch whose ids are all
 * stored in the stream is an idempotent retry, not this.)
 */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
    why: string,
  ) {
    super(`Stream ${streamId}: ${why}: ${eventIds.join(', ')}`);
    this.name = 'EventIdConflictError';
  }
}
