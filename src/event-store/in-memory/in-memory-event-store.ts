import { planAppend, EMPTY_STREAM, type StreamHead } from '../append-plan.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { assertDistinctIds, prepare } from '../prepared-event.js';
import { OpenSubscriptions } from '../open-subscriptions.js';

/**
 * The event store port held in this process's memory, for tests of command handlers that need no
 * database. It passes the same contract suite as the PostgreSQL and EventStoreDB adapters
 * (test/event-store.in-memory.test.ts), but keeps nothing when the process ends, so the service never
 * runs on it: createEventStore does not offer it, and the end-to-end tests stay on real PostgreSQL.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly subscriptions = new OpenSubscriptions();
  /** Woken on every append, so live subscriptions read what was stored. */
  private waiters: Array<() => void> = [];
  private closed = false;

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const batch = events.map(prepare);
    assertDistinctIds(streamId, batch);
    // Deciding and storing happen in one turn of the event loop, so no other append comes between.
    const plan = planAppend(streamId, options.expectedRevision ?? 'any', batch, this.head(streamId, batch.map((e) => e.id)));
    if (plan.kind === 'done') return plan.result;

    const stream = this.streams.get(streamId) ?? [];
    for (const [i, row] of plan.rows.entries()) {
      const recorded: RecordedEvent = { ...row, streamId, revision: plan.headRevision + 1 + i, position: this.log.length + 1 };
      this.log.push(recorded);
      stream.push(recorded);
      this.byId.set(recorded.id, recorded);
    }
    this.streams.set(streamId, stream);
    this.wake();
    const last = stream[stream.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = options.fromRevision ?? 0;
    const events = (this.streams.get(streamId) ?? []).slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    return events.map(copy);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.after(options.after ?? 0, options.maxCount).map(copy);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.log.length;
  }

  subscribeToAll(handler: (events: RecordedEvent[]) => Promise<void>, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const maxBatch = options.maxBatch ?? 500;
    let cursor = options.after ?? 0;
    let stopped = false;
    let wakeStop: () => void = () => undefined;
    const stopSignal = new Promise<void>((resolve) => (wakeStop = resolve));

    const run = async () => {
      while (!stopped) {
        const batch = this.after(cursor, maxBatch).map(copy);
        if (batch.length > 0) {
          await handler(batch);
          cursor = batch[batch.length - 1].position;
        } else {
          await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), stopSignal]);
        }
      }
    };

    return this.subscriptions.start(run, () => {
      stopped = true;
      wakeStop();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
  }

  private head(streamId: string, ids: string[]): StreamHead {
    const last = this.streams.get(streamId)?.at(-1);
    const stored = ids.flatMap((id) => {
      const event = this.byId.get(id);
      return event ? [{ id, streamId: event.streamId, revision: event.revision, position: event.position }] : [];
    });
    return last ? { revision: last.revision, hash: last.hash, position: last.position, stored } : { ...EMPTY_STREAM, stored };
  }

  /** Positions are 1, 2, 3…, so the events after a position start at that index of the log. */
  private after(position: number, maxCount?: number): RecordedEvent[] {
    const from = Math.max(0, position);
    return this.log.slice(from, maxCount === undefined ? undefined : from + maxCount);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}

/** A reader gets its own copy: changing what it was given never changes what is stored. */
function copy(event: RecordedEvent): RecordedEvent {
  return structuredClone(event);
}
