import { assertDistinctIds, prepare } from '../prepared-event.js';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  type AppendOptions,
  type AppendResult,
  EventIdConflictError,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port.js';
import { GENESIS_HASH, chainHash } from '../hash-chain.js';
import { OpenSubscriptions } from '../open-subscriptions.js';

export interface EventStoreDbEventStoreOptions {
  /** How many times an append with 'any' or 'stream_exists' re-reads the head after losing a race. Default 10. */
  appendAttempts?: number;
}

/** What an event's ESDB metadata holds: ours, and the hash chain beside it. */
type StoredMetadata = EventMetadata & { prevHash: string; hash: string };


const PAGE_SIZE = 500;

/**
 * The event store on EventStoreDB (production). Global position is the event's commit position in
 * the transaction log: EventStoreDB assigns it in commit order, so readers never see a gap close
 * behind them. System events ($-prefixed types or streams) are not ours and are never returned.
 *
 * The hash chain needs the previous event's hash, so an append reads the stream's last event and
 * appends at exactly that revision: a concurrent writer makes it fail rather than fork the chain.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new OpenSubscriptions();
  private readonly appendAttempts: number;
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions,
  ) {
    this.appendAttempts = options.appendAttempts ?? 10;
  }

  /** `esdb://host:2113?tls=false` and the like. Fails here, not on the first command, when the server is unreachable. */
  static async connect(connectionString: string, options: EventStoreDbEventStoreOptions = {}): Promise<EventStoreDbEventStore> {
    const store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
    try {
      await store.headPosition();
    } catch (error) {
      await store.client.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    const batch = events.map(prepare);
    assertDistinctIds(streamId, batch);
    const ids = new Set(batch.map((event) => event.id));

    for (let attempt = 1; ; attempt++) {
      const last = await this.lastEvent(streamId);
      const head = last?.revision ?? -1;
      const refused = isRefused(expected, head);

      // A retry of an append that already happened answers what it answered then, whatever was expected.
      // Looking for its ids means reading the stream, so it is skipped in the usual case: an exact
      // revision (or 'no_stream') that still matches and a last event that is not part of this batch.
      // (A retry at an exact revision that has since moved past the original batch is not recognised.)
      const mayBeRetry = refused || expected === 'any' || expected === 'stream_exists' || (last !== null && ids.has(last.id));
      if (batch.length > 0 && mayBeRetry) {
        const retried = await this.storedBatch(streamId, ids);
        if (retried) return retried;
      }
      if (refused) throw new WrongExpectedRevisionError(streamId, expected, head);
      if (batch.length === 0) return { nextExpectedRevision: head, position: last?.position ?? 0 };

      let prevHash = last?.hash ?? GENESIS_HASH;
      const data = batch.map((event, i) => {
        const hash = chainHash(prevHash, { ...event, streamId, revision: head + 1 + i });
        const metadata: StoredMetadata = { ...event.metadata, prevHash, hash };
        prevHash = hash;
        return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata });
      });

      try {
        const expectedRevision: AppendExpectedRevision = head === -1 ? NO_STREAM : BigInt(head);
        const result = await this.client.appendToStream(streamId, data, { expectedRevision });
        const nextExpectedRevision = Number(result.nextExpectedRevision);
        // The server leaves out the position when it recognised the write as one it already had.
        const position = result.position ? Number(result.position.commit) : await this.positionOf(streamId, nextExpectedRevision);
        return { nextExpectedRevision, position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // Another writer got in between: look again. For an exact or 'no_stream' expectation the next
        // pass refuses (or recognises a concurrent retry of this very batch).
        if (attempt >= this.appendAttempts) throw new WrongExpectedRevisionError(streamId, expected, actualRevision(error));
        // Jittered, so writers racing for the same stream do not collide again in lockstep.
        await sleep(Math.random() * 10 * attempt);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        fromRevision: BigInt(options.fromRevision ?? 0),
        direction: FORWARDS,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecorded(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    let from: ReadPosition = after > 0 ? toPosition(after) : START;
    // Reading forwards from a position includes the event at it; everything up to `seen` is done.
    let seen = after;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(this.client.readAll({ fromPosition: from, maxCount: PAGE_SIZE, direction: FORWARDS }));
      for (const { event } of page) {
        if (!event) continue;
        const position = Number(event.position.commit);
        if (position <= seen) continue;
        seen = position;
        from = event.position;
        if (isSystemEvent(event)) continue;
        events.push(toRecorded(event, position));
        if (events.length >= limit) return events;
      }
      if (page.length < PAGE_SIZE) return events;
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    let from: ReadPosition = END;
    let below = Number.POSITIVE_INFINITY;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(this.client.readAll({ fromPosition: from, maxCount: PAGE_SIZE, direction: BACKWARDS }));
      for (const { event } of page) {
        if (!event) continue;
        const position = Number(event.position.commit);
        if (position >= below) continue;
        below = position;
        from = event.position;
        if (!isSystemEvent(event)) return position;
      }
      if (page.length < PAGE_SIZE) return 0;
    }
  }

  subscribeToAll(handler: (events: RecordedEvent[]) => Promise<void>, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = options.after ?? 0;
    const maxBatch = options.maxBatch ?? 500;
    const upstream = this.client.subscribeToAll({
      fromPosition: after > 0 ? toPosition(after) : START,
      filter: excludeSystemEvents(),
    });

    const buffer: RecordedEvent[] = [];
    let queuedUpTo = after;
    let failure: Error | null = null;
    let stopping = false;
    let wake: (() => void) | null = null;
    const signal = () => {
      const resume = wake;
      wake = null;
      resume?.();
    };

    upstream.on('data', (resolved: AllStreamResolvedEvent) => {
      const event = resolved.event;
      if (!event || isSystemEvent(event)) return;
      const position = Number(event.position.commit);
      // Whether the server starts at or after the position, the handler sees each event once.
      if (position <= queuedUpTo) return;
      queuedUpTo = position;
      buffer.push(toRecorded(event, position));
      // A slow handler holds the server back instead of buffering the whole log in memory.
      if (buffer.length >= maxBatch * 2) upstream.pause();
      signal();
    });
    upstream.on('error', (error: Error) => {
      failure ??= error;
      signal();
    });
    upstream.on('end', () => {
      if (!stopping) failure ??= new Error('The EventStoreDB subscription ended');
      signal();
    });

    const run = async () => {
      while (!stopping) {
        if (failure) throw failure;
        if (buffer.length === 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        const batch = buffer.splice(0, maxBatch);
        if (upstream.isPaused() && buffer.length < maxBatch) upstream.resume();
        await handler(batch);
      }
    };

    return this.subscriptions.start(
      run,
      () => {
        stopping = true;
        signal();
      },
      () => upstream.unsubscribe().catch(() => undefined),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    await this.client.dispose();
  }

  private async lastEvent(streamId: string): Promise<RecordedEvent | null> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
        if (resolved.event) return toRecorded(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    return null;
  }

  /**
   * The stored batch when every id of it is already in the stream; null when none is. Reads the
   * stream backwards (a retry is usually of a recent append) until every id is found or the start.
   */
  private async storedBatch(streamId: string, wanted: Set<string>): Promise<AppendResult | null> {
    const found: RecordedEvent[] = [];
    try {
      let from: bigint | typeof END = END;
      for (;;) {
        const page: ResolvedEvent[] = await collect(this.client.readStream(streamId, { fromRevision: from, direction: BACKWARDS, maxCount: PAGE_SIZE }));
        for (const { event } of page) {
          if (event && wanted.has(event.id.toLowerCase())) found.push(toRecorded(event));
        }
        const oldest: bigint | undefined = page[page.length - 1]?.event?.revision;
        if (found.length === wanted.size || page.length < PAGE_SIZE || oldest === undefined || oldest === 0n) break;
        from = oldest - 1n;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    if (found.length === 0) return null;
    if (found.length < wanted.size) {
      throw new EventIdConflictError(streamId, found.map((event) => event.id), 'the batch mixes stored and new event ids');
    }
    const last = found.reduce((a, b) => (b.revision > a.revision ? b : a));
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private async positionOf(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    return event?.position ?? 0;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}



function isRefused(expected: ExpectedRevision, head: number): boolean {
  return (
    (expected === 'no_stream' && head !== -1) ||
    (expected === 'stream_exists' && head === -1) ||
    (typeof expected === 'number' && head !== expected)
  );
}

function actualRevision(error: WrongExpectedVersionError): number {
  return typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : -1;
}

function isSystemEvent(event: EsdbRecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** Positions handed out are commit positions of real events, whose prepare position is the same. */
function toPosition(position: number): Position {
  return { commit: BigInt(position), prepare: BigInt(position) };
}

function toRecorded(event: EsdbRecordedEvent, position = event.position ? Number(event.position.commit) : -1): RecordedEvent {
  const stored = event.metadata && !(event.metadata instanceof Uint8Array) ? event.metadata : {};
  const { prevHash, hash, ...metadata } = stored as unknown as StoredMetadata;
  return {
    id: event.id.toLowerCase(),
    streamId: event.streamId,
    revision: Number(event.revision),
    // -1 only on servers older than 22.6, which leave positions out of stream reads.
    position,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: metadata as EventMetadata,
    prevHash: prevHash ?? '',
    hash: hash ?? '',
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}
