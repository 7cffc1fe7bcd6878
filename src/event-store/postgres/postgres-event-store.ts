import { assertDistinctIds, prepare, type PreparedEvent } from '../prepared-event.js';
import pg from 'pg';
import {
  type AppendOptions,
  type AppendResult,
  EventIdConflictError,
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
import { GENESIS_HASH } from '../hash-chain.js';
import { planAppend, type AppendPlan, type PlannedAppend, type StreamHead } from '../append-plan.js';
import { type BeforeCommit, DEFAULT_GROUP_LIMITS, type GroupCommitLimits, GroupCommitWriter } from './group-commit.js';
import { AppendNotifier } from './notifier.js';
import { StreamHeads } from './stream-heads.js';
import { connectionOptions, DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../../database/connection-options.js';
import { ensureSchema } from './schema.js';
import { OpenSubscriptions } from '../open-subscriptions.js';

export interface PostgresEventStoreOptions {
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** How long a live subscription waits for a notification before re-reading anyway. Default 500 ms. */
  pollIntervalMs?: number;
  /** Called with errors that do not belong to a caller (the LISTEN connection dropping). */
  onError?: (error: Error) => void;
  /** Bounds on how many appends (and events) one transaction writes. Default 64 appends, 1000 events. */
  groupLimits?: Partial<GroupCommitLimits>;
  hooks?: PostgresEventStoreHooks;
  /** Bounds on connecting and on each statement (default DEFAULT_DATABASE_TIMEOUTS). */
  timeouts?: DatabaseTimeouts;
}

/** Test seams. */
export interface PostgresEventStoreHooks {
  /**
   * Runs inside the append transaction after the insert, with the append lock still held: once for
   * each append stored by the group, in position order, all before the group's one commit.
   */
  beforeCommit?: BeforeCommit;
}


interface EventRow {
  position: string;
  stream_id: string;
  revision: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: NewEvent['metadata'];
  prev_hash: string;
  hash: string;
}


const EVENT_COLUMNS = 'position, stream_id, revision, id, type, data, metadata, prev_hash, hash';

const HEAD_SQL = `
SELECT 'head' AS kind, id::text, stream_id, revision, position, hash
  FROM (SELECT * FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1) last
UNION ALL
SELECT 'stored', id::text, stream_id, revision, position, NULL FROM events WHERE id = ANY($2::uuid[])`;

/** Bounds re-reading a stream that other writers keep moving ('any' or 'stream_exists' only). */
const MAX_APPEND_ATTEMPTS = 100;

export class PostgresEventStore implements EventStore {
  private readonly subscriptions = new OpenSubscriptions();
  private readonly notifier: AppendNotifier;
  private readonly writer: GroupCommitWriter;
  private readonly heads = new StreamHeads();
  private readonly pollIntervalMs: number;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    listenerConfig: pg.ClientConfig,
    options: PostgresEventStoreOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    const onError = options.onError ?? (() => undefined);
    this.notifier = new AppendNotifier(listenerConfig, this.pollIntervalMs, onError);
    this.writer = new GroupCommitWriter(pool, { ...DEFAULT_GROUP_LIMITS, ...options.groupLimits }, options.hooks?.beforeCommit);
    // An idle pooled connection that dies emits here; without a listener it would crash the process.
    pool.on('error', onError);
  }

  /** Opens a pool and creates the schema if it is not there yet. */
  static async connect(connectionString: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const timeouts = options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
    const pool = new pg.Pool({ ...connectionOptions(timeouts, 'practice-audit-events'), connectionString, max: options.poolSize ?? 10 });
    try {
      await ensureSchema(pool);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    const { Client: _client, ...listener } = connectionOptions(timeouts, 'practice-audit-events-listener');
    return new PostgresEventStore(pool, { ...listener, connectionString }, options);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    const batch = events.map(prepare);
    assertDistinctIds(streamId, batch);
    const ids = batch.map((event) => event.id);

    // A head known here saves reading it (the append transaction checks it again); without one, or
    // once a known one failed, the head and the batch's stored ids are read from the database.
    const known = batch.length > 0 ? this.knownHead(streamId, expected) : null;
    let fresh = known === null;
    let head = known ?? (await readHead(this.pool, streamId, ids));
    for (let attempt = 1; ; attempt++) {
      let plan: AppendPlan;
      try {
        plan = planAppend(streamId, expected, batch, head);
      } catch (error) {
        // Refused on a head known here, which may be stale: decide on the stored one.
        if (fresh) throw error;
        head = await readHead(this.pool, streamId, ids);
        fresh = true;
        continue;
      }
      if (plan.kind === 'done') return plan.result;
      const nextRevision = plan.headRevision + plan.rows.length;
      const lastHash = plan.rows[plan.rows.length - 1].hash;
      const ticket = this.heads.queue(streamId, { revision: nextRevision, hash: lastHash, position: 0 });
      let position: number | null;
      try {
        position = await this.writer.write(plan);
      } catch (error) {
        this.heads.forget(streamId);
        // The ids were not looked up on a known head: one already stored may be this very append,
        // retried, which answers what it answered then (or another stream's: refused as such).
        if (!fresh && isIdTaken(error)) {
          head = await readHead(this.pool, streamId, ids);
          fresh = true;
          continue;
        }
        throw translateError(streamId, error);
      } finally {
        this.heads.settle(streamId, ticket);
      }
      if (position !== null) {
        this.heads.set(streamId, { revision: nextRevision, hash: lastHash, position });
        return { nextExpectedRevision: nextRevision, position };
      }
      // Another append to this stream was stored after our read (perhaps just before ours in the same
      // group): decide again on what is there now.
      this.heads.forget(streamId);
      head = await readHead(this.pool, streamId, ids);
      fresh = true;
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new WrongExpectedRevisionError(streamId, expected, head.revision);
    }
  }

  /**
   * The head to hash an append on without reading it: for 'any' and 'stream_exists', the one an
   * append still queued here will leave (so both go in one group); otherwise the last committed.
   */
  private knownHead(streamId: string, expected: ExpectedRevision): StreamHead | null {
    const head = (expected === 'any' || expected === 'stream_exists' ? this.heads.pendingHead(streamId) : undefined) ?? this.heads.get(streamId);
    return head ? { ...head, stored: [] } : null;
  }

  /** Appends waiting for the transaction in flight to commit, to be written together in the next one. */
  get waitingAppends(): number {
    return this.writer.waiting;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = options.fromRevision ?? 0;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [streamId, from, options.maxCount ?? null],
    );
    // Read to its end: the next append to it (a command's, typically) need not read its head again.
    if (options.maxCount == null || rows.length < options.maxCount) {
      const last = rows.at(-1);
      if (last) this.heads.set(streamId, { revision: last.revision, hash: last.hash, position: Number(last.position) });
      else if (from === 0) this.heads.set(streamId, { revision: -1, hash: GENESIS_HASH, position: 0 });
    }
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAfter(options.after ?? 0, options.maxCount ?? null);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ position: string }>('SELECT coalesce(max(position), 0) AS position FROM events');
    return Number(rows[0].position);
  }

  subscribeToAll(handler: (events: RecordedEvent[]) => Promise<void>, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const maxBatch = options.maxBatch ?? 500;
    let cursor = options.after ?? 0;
    const stopping = new AbortController();

    const run = async () => {
      // Listen before the first read, so an append committing right after that read wakes us.
      await this.notifier.ensureListening();
      while (!stopping.signal.aborted) {
        const seen = this.notifier.current;
        const batch = await this.readAfter(cursor, maxBatch);
        if (stopping.signal.aborted) break;
        if (batch.length > 0) {
          await handler(batch);
          cursor = batch[batch.length - 1].position;
        } else {
          await this.notifier.waitForAppend(seen, this.pollIntervalMs, stopping.signal);
        }
      }
    };

    return this.subscriptions.start(run, () => stopping.abort());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    // Appends already handed to the writer are answered before the pool goes.
    await this.writer.idle();
    await this.notifier.close();
    await this.pool.end();
  }

  private async readAfter(position: number, maxCount: number | null): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
      [position, maxCount],
    );
    return rows.map(toRecorded);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}



async function readHead(pool: pg.Pool, streamId: string, ids: string[]): Promise<StreamHead> {
  const { rows } = await pool.query<{ kind: 'head' | 'stored'; id: string; stream_id: string; revision: number; position: string; hash: string | null }>(
    // Named: read before every append, so each connection has the server plan it once.
    { name: 'events-head', text: HEAD_SQL, values: [streamId, ids] },
  );
  const head: StreamHead = { revision: -1, hash: GENESIS_HASH, position: 0, stored: [] };
  for (const row of rows) {
    if (row.kind === 'head') {
      head.revision = row.revision;
      head.hash = row.hash ?? GENESIS_HASH;
      head.position = Number(row.position);
    } else {
      head.stored.push({ id: row.id, streamId: row.stream_id, revision: row.revision, position: Number(row.position) });
    }
  }
  return head;
}

function isIdTaken(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === 'events_id_key';
}

function translateError(streamId: string, error: unknown): unknown {
  const pgError = error as { code?: string; constraint?: string; detail?: string };
  // Another stream took one of these ids between our check and our insert.
  if (pgError.code === '23505' && pgError.constraint === 'events_id_key') {
    const id = /\(id\)=\(([^)]*)\)/.exec(pgError.detail ?? '')?.[1] ?? 'unknown';
    return new EventIdConflictError(streamId, [id], 'event ids are already stored in another stream');
  }
  return error;
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: Number(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
