import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { EventStore, RecordedEvent, Subscription } from '../../src/event-store/event-store.port.js';
import { faultReason, isDatabaseUnavailable } from '../../src/database/faults.js';
import type { Projection } from './projection.js';
import { inSpan, projectionParent } from '../../src/tracing/tracing.js';

/** The channel a checkpoint's commit is announced on; the payload is `name:position`. */
export const CHECKPOINT_CHANNEL = 'projection_checkpoint';

/**
 * `retrying`: the database connection was lost (or timed out); the projector resumes from its
 * checkpoint by itself, with backoff. `failed` is for good: an event it cannot apply.
 */
export type ProjectionState = 'catching-up' | 'live' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** The checkpoint: every event up to this global position is in the read model. */
  position: number;
  state: ProjectionState;
  error?: string;
}

export interface ProjectionRunnerLogger {
  log(message: string): void;
  error(message: string): void;
}

export interface ProjectionRunnerOptions {
  /** Largest batch of events applied in one transaction while following the store. Default 500. */
  batchSize?: number;
  /** Events read at once, and applied in one transaction, by a rebuild. Default 5,000. */
  rebuildPageSize?: number;
  /** Projections applying a page of a rebuild at the same time. Default 4. */
  rebuildConcurrency?: number;
  logger?: ProjectionRunnerLogger;
  /** First and longest wait before resuming after a lost connection (doubling, with jitter). Default 250 ms and 10 s. */
  retryDelayMs?: { first: number; max: number };
}

/** A projection stopped: on an event it could not apply (named by position and type), or otherwise. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    readonly event: { position: number; type: string; id: string } | null,
    readonly reason: string,
  ) {
    super(
      event
        ? `Projection "${projection}" stopped at event position ${event.position} (type ${event.type}, id ${event.id}): ${reason}`
        : `Projection "${projection}" stopped: ${reason}`,
    );
    this.name = 'ProjectionFailedError';
  }
}

export const CHECKPOINT_TABLE = 'projection_checkpoints';

/** Serialises schema work (checkpoint table, version resets, synchronize) between processes. */
export const SCHEMA_LOCK_KEY = 7_734_120_981;
const DEFAULT_BATCH_SIZE = 500;
// Larger pages are hardly faster (a batch's queries are few whatever its size) but hold more in
// memory: on the benchmark's 10-year authority, pages of 20,000 peaked at about 420 MB, 10,000 at
// 300 to 330 MB, 5,000 at about 270 MB, at much the same speed.
const DEFAULT_REBUILD_PAGE_SIZE = 5_000;
const DEFAULT_REBUILD_CONCURRENCY = 4;
const DEFAULT_WAIT_MS = 5_000;

/** The stored checkpoint moved under this projector: another runner rebuilt or upgraded the read model. */
class CheckpointMoved extends Error {
  constructor(
    readonly storedVersion: number | null,
    readonly storedPosition: number,
  ) {
    super(`checkpoint moved to version ${String(storedVersion)}, position ${storedPosition}`);
  }
}

/** How a batch commits: 'rebuild' for replay() from position 0, 'live' while following the store. */
type CommitMode = 'rebuild' | 'live';

interface Projector {
  projection: Projection;
  state: ProjectionState;
  position: number;
  /** Head of the store when the subscription started: reaching it makes the projector live. */
  liveAt: number;
  error?: string;
  subscription: Subscription | null;
  /** Bumped whenever the subscription is replaced or stopped, so a stale `done` is ignored. */
  generation: number;
  /** Lost connections in a row, for the backoff; reset once a batch commits or it is live again. */
  faults: number;
  retryTimer: NodeJS.Timeout | null;
}

interface Waiter {
  position: number;
  projectors: Projector[];
  resolve(): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

/**
 * Feeds every projection from its own subscription to all events, from its own checkpoint. A batch
 * and the checkpoint that covers it commit in one transaction: after a crash the projection resumes
 * exactly after the last committed batch, so no row is lost or written twice.
 *
 * The runner owns the read-model schema (TypeORM synchronize). That is safe because read models are
 * disposable: every row can be rebuilt from the event store, and a projection whose version changes
 * is truncated and replayed from 0.
 */
export class ProjectionRunner {
  private readonly projectors: Projector[];
  private readonly batchSize: number;
  private readonly rebuildPageSize: number;
  private readonly rebuildConcurrency: number;
  private readonly logger: ProjectionRunnerLogger;
  private readonly retryDelay: { first: number; max: number };
  private readonly waiters = new Set<Waiter>();
  private schemaReady: Promise<void> | null = null;
  private running = false;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projections: Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const projection of projections) {
      if (names.has(projection.name)) throw new Error(`Two projections are named "${projection.name}"`);
      names.add(projection.name);
    }
    this.projectors = projections.map((projection) => ({
      projection,
      state: 'stopped',
      position: 0,
      liveAt: 0,
      subscription: null,
      generation: 0,
      faults: 0,
      retryTimer: null,
    }));
    this.retryDelay = options.retryDelayMs ?? { first: 250, max: 10_000 };
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.rebuildPageSize = options.rebuildPageSize ?? DEFAULT_REBUILD_PAGE_SIZE;
    this.rebuildConcurrency = Math.max(1, options.rebuildConcurrency ?? DEFAULT_REBUILD_CONCURRENCY);
    this.logger = options.logger ?? { log: (m) => console.log(m), error: (m) => console.error(m) };
  }

  /**
   * Prepares the schema (rebuilding projections whose version changed) and starts every projection
   * that is not running, failed ones included: a failed one fails again on the same event until the
   * event or the projection is fixed. Resolves once the subscriptions run, not when they catch up.
   */
  async start(): Promise<void> {
    this.running = true;
    const prepared = this.schemaReady !== null;
    await this.prepareSchema();
    if (prepared) {
      // Started again (a worker taking the lease back): another runner may have moved the checkpoints meanwhile.
      const rows: { name: string; position: string }[] = await this.dataSource.query(`SELECT name, position FROM ${CHECKPOINT_TABLE}`);
      for (const projector of this.projectors) {
        const stored = rows.find((row) => row.name === projector.projection.name);
        if (!projector.subscription && stored) projector.position = Number(stored.position);
      }
    }
    for (const projector of this.projectors) {
      // stop() may have come in while the schema was being prepared.
      if (this.running && !projector.subscription) await this.subscribe(projector);
    }
  }

  /** Makes the checkpoint table and the read-model tables (rebuilding those whose version changed) without starting anything. */
  prepare(): Promise<void> {
    return this.prepareSchema();
  }

  /** Stops every subscription after the batch in flight commits. The data source stays open. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.projectors.map((projector) => this.halt(projector)));
  }

  /**
   * Resolves when every projection's checkpoint is at or after `position`. Rejects on timeout, or as
   * soon as a projection still short of `position` has failed (it will never get there by itself).
   */
  waitFor(position: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil(position, this.projectors, timeoutMs);
  }

  /**
   * Empties the named projections' tables (all when no names are given), resets their checkpoints to 0
   * and replays every event up to the store's current head. A running runner keeps them live afterwards;
   * a stopped one leaves them stopped. Rejects if a projection fails during the replay.
   */
  async rebuild(names?: string[]): Promise<void> {
    const targets = names ? names.map((name) => this.projector(name)) : this.projectors;
    await this.prepareSchema();
    await Promise.all(targets.map((projector) => this.halt(projector)));
    for (const projector of targets) {
      await this.inTransaction((runner) => this.reset(runner, projector.projection));
      projector.position = 0;
      projector.error = undefined;
      projector.state = 'catching-up';
    }
    const head = await this.store.headPosition();
    // Live once the replay reaches the head read here, not before.
    for (const projector of targets) projector.liveAt = head;
    this.logger.log(`Projections ${targets.map((p) => `"${p.projection.name}" v${p.projection.version}`).join(', ')}: rebuilding from position 0 to ${head}`);
    const failures = await this.replay(targets, head);
    for (const projector of targets) {
      if (projector.state === 'failed' || projector.state === 'retrying') continue;
      if (this.running) await this.subscribe(projector);
      else projector.state = 'stopped';
    }
    this.settleWaiters();
    if (failures.length > 0) throw failures[0];
  }

  /**
   * Replays the store up to `head` into several projectors at once: each page of events is read once
   * and handed to every projector, each applying it in its own transaction (so one's SQL runs while
   * another's JavaScript does), a few at a time: each holds a page's worth of rows while it applies
   * it, and more at once would only add to the memory, not the speed. Pages are large, because a
   * batch costs a few queries per table whatever its size. A projector that fails drops out, marked
   * failed; the others go on.
   */
  private async replay(projectors: Projector[], head: number): Promise<ProjectionFailedError[]> {
    const failures: ProjectionFailedError[] = [];
    let active = projectors.filter((p) => p.position < head);
    let after = Math.min(...active.map((p) => p.position), head);
    const read = (from: number) => this.store.readAll({ after: from, maxCount: this.rebuildPageSize });
    let next: Promise<RecordedEvent[]> | null = after < head ? read(after) : null;
    while (next && active.length > 0) {
      const events = await next;
      if (events.length === 0) break;
      after = events[events.length - 1].position;
      // The next page is read while this one is applied.
      next = after < head ? read(after) : null;
      next?.catch(() => undefined);
      await inTurns(active, this.rebuildConcurrency, (projector) =>
        this.applyBatch(projector, events, 'rebuild').catch((error: unknown) => {
          if (this.running && isDatabaseUnavailable(error)) {
            // Not the event's fault: it resumes from its checkpoint once the database answers.
            this.retryLater(projector, error);
            failures.push(new ProjectionFailedError(projector.projection.name, null, `database unavailable: ${faultReason(error)}`));
          } else failures.push(this.fail(projector, error));
        }),
      );
      active = active.filter((p) => p.state !== 'failed' && p.state !== 'retrying');
    }
    return failures;
  }

  status(): ProjectionStatus[] {
    return this.projectors.map(({ projection, position, state, error }) => ({
      name: projection.name,
      version: projection.version,
      position,
      state,
      ...(error !== undefined ? { error } : {}),
    }));
  }

  // --- schema and checkpoints ---

  private prepareSchema(): Promise<void> {
    this.schemaReady ??= this.doPrepareSchema().catch((error: unknown) => {
      this.schemaReady = null;
      throw error;
    });
    return this.schemaReady;
  }

  private async doPrepareSchema(): Promise<void> {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
    for (const { projection } of this.projectors) {
      for (const entity of projection.entities) {
        if (!this.dataSource.hasMetadata(entity)) {
          throw new Error(`Projection "${projection.name}": entity ${entity.name} is not in the read-model data source`);
        }
      }
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
      try {
        await runner.query(
          `CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (
             name text PRIMARY KEY,
             version integer NOT NULL,
             position bigint NOT NULL DEFAULT 0,
             updated_at timestamptz NOT NULL DEFAULT now()
           )`,
        );
        // Stale read models are emptied before synchronize, so a changed column never meets old rows.
        for (const projector of this.projectors) {
          const { projection } = projector;
          const rows: { version: number }[] = await runner.query(`SELECT version FROM ${CHECKPOINT_TABLE} WHERE name = $1`, [projection.name]);
          if (rows.length === 0) {
            await runner.query(`INSERT INTO ${CHECKPOINT_TABLE} (name, version, position) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING`, [
              projection.name,
              projection.version,
            ]);
          } else if (Number(rows[0].version) !== projection.version) {
            this.logger.log(
              `Projection "${projection.name}": stored version ${rows[0].version}, code version ${projection.version}; rebuilding from position 0`,
            );
            await runner.startTransaction();
            try {
              await this.reset(runner, projection);
              await runner.commitTransaction();
            } catch (error) {
              await runner.rollbackTransaction();
              throw error;
            }
          }
        }
        await this.dataSource.synchronize();
        for (const projector of this.projectors) {
          projector.position = await this.storedPosition(runner, projector.projection.name);
        }
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Empties a projection's tables and sets its checkpoint to (its code version, 0). Call inside a transaction. */
  private async reset(runner: QueryRunner, projection: Projection): Promise<void> {
    const tables: string[] = [];
    for (const entity of projection.entities) {
      const metadata = this.dataSource.getMetadata(entity);
      // A table that does not exist yet (new in this version) has nothing to empty.
      const [{ exists }] = await runner.query('SELECT to_regclass($1) IS NOT NULL AS exists', [this.quotedTable(metadata.tablePath)]);
      if (exists) tables.push(this.quotedTable(metadata.tablePath));
    }
    if (tables.length > 0) await runner.query(`TRUNCATE TABLE ${tables.join(', ')}`);
    await runner.query(
      `INSERT INTO ${CHECKPOINT_TABLE} (name, version, position, updated_at) VALUES ($1, $2, 0, now())
       ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, position = 0, updated_at = now()`,
      [projection.name, projection.version],
    );
  }

  private quotedTable(tablePath: string): string {
    return tablePath
      .split('.')
      .map((part) => this.dataSource.driver.escape(part))
      .join('.');
  }

  private async storedPosition(runner: QueryRunner, name: string): Promise<number> {
    const rows: { position: string }[] = await runner.query(`SELECT position FROM ${CHECKPOINT_TABLE} WHERE name = $1`, [name]);
    return rows.length === 0 ? 0 : Number(rows[0].position);
  }

  private async inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const result = await work(runner);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  // --- subscriptions ---

  private projector(name: string): Projector {
    const projector = this.projectors.find((p) => p.projection.name === name);
    if (!projector) throw new Error(`No projection named "${name}" (known: ${this.projectors.map((p) => p.projection.name).join(', ')})`);
    return projector;
  }

  private async subscribe(projector: Projector): Promise<void> {
    const generation = ++projector.generation;
    projector.error = undefined;
    projector.liveAt = await this.store.headPosition();
    if (generation !== projector.generation) return;
    projector.state = projector.position >= projector.liveAt ? 'live' : 'catching-up';
    if (projector.faults > 0) {
      this.logger.log(`Projection "${projector.projection.name}": database answering again; resuming from checkpoint ${projector.position}`);
    }
    if (projector.state === 'live') projector.faults = 0;
    // Far behind (a new version, a restore), it catches up in rebuild-sized batches.
    const farBehind = projector.liveAt - projector.position > this.batchSize;
    const subscription = this.store.subscribeToAll((events) => this.applyBatch(projector, events, 'live'), {
      after: projector.position,
      maxBatch: farBehind ? this.rebuildPageSize : this.batchSize,
    });
    projector.subscription = subscription;
    subscription.done.then(
      () => undefined,
      (error: unknown) => this.onSubscriptionEnded(projector, generation, error),
    );
  }

  /** Stops a projector's subscription, waiting for the batch in flight. */
  private async halt(projector: Projector): Promise<void> {
    projector.generation++;
    if (projector.retryTimer) clearTimeout(projector.retryTimer);
    projector.retryTimer = null;
    const subscription = projector.subscription;
    projector.subscription = null;
    if (subscription) await subscription.stop();
    if (projector.state !== 'failed') projector.state = 'stopped';
    this.settleWaiters();
  }

  private onSubscriptionEnded(projector: Projector, generation: number, error: unknown): void {
    if (generation !== projector.generation) return;
    projector.subscription = null;
    if (error instanceof CheckpointMoved && error.storedVersion === projector.projection.version) {
      // Another runner reset this read model (a rebuild): follow it from the stored checkpoint.
      this.logger.log(`Projection "${projector.projection.name}": checkpoint reset elsewhere to ${error.storedPosition}; resuming from there`);
      projector.position = error.storedPosition;
      this.resubscribe(projector);
      return;
    }
    if (isDatabaseUnavailable(error)) {
      this.retryLater(projector, error);
      return;
    }
    this.fail(projector, error);
  }

  private resubscribe(projector: Projector): void {
    this.subscribe(projector).catch((error: unknown) => (isDatabaseUnavailable(error) ? this.retryLater(projector, error) : this.fail(projector, error)));
  }

  /**
   * The connection was lost or timed out: nothing is wrong with the events, so the projector waits
   * (doubling, with jitter) and resumes from its checkpoint. Every committed batch is in the
   * checkpoint; a batch whose commit went unanswered is found there and not applied twice.
   */
  private retryLater(projector: Projector, error: unknown): void {
    const generation = ++projector.generation;
    projector.subscription = null;
    projector.faults++;
    const ceiling = Math.min(this.retryDelay.max, this.retryDelay.first * 2 ** (projector.faults - 1));
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    projector.state = 'retrying';
    projector.error = `database unavailable (${faultReason(error)}); resuming from checkpoint ${projector.position}`;
    if (projector.faults === 1) this.logger.error(`Projection "${projector.projection.name}": ${projector.error}`);
    if (projector.retryTimer) clearTimeout(projector.retryTimer);
    projector.retryTimer = setTimeout(() => {
      projector.retryTimer = null;
      if (generation !== projector.generation || !this.running) return;
      this.resubscribe(projector);
    }, delay);
    this.settleWaiters();
  }

  private fail(projector: Projector, error: unknown): ProjectionFailedError {
    const failure =
      error instanceof ProjectionFailedError
        ? error
        : error instanceof CheckpointMoved
          ? new ProjectionFailedError(
              projector.projection.name,
              null,
              `its stored version is now ${String(error.storedVersion)} but this code is version ${projector.projection.version}`,
            )
          : new ProjectionFailedError(projector.projection.name, null, messageOf(error));
    projector.generation++;
    projector.subscription = null;
    projector.state = 'failed';
    projector.error = failure.message;
    this.logger.error(failure.message);
    this.settleWaiters();
    return failure;
  }

  /**
   * The subscription's handler. On failure the batch is rolled back and replayed one event per
   * transaction, so the events before the bad one are kept and the error names the exact event.
   * Throwing ends the subscription (see onSubscriptionEnded).
   */
  private async applyBatch(projector: Projector, events: RecordedEvent[], mode: CommitMode): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.commit(projector, events, mode);
      return;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      if (error instanceof CheckpointMoved || events.length === 1) throw this.blame(projector, events[0], error);
    }
    for (const event of events) {
      try {
        await this.commit(projector, [event], mode);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        throw this.blame(projector, event, error);
      }
    }
  }

  private blame(projector: Projector, event: RecordedEvent, error: unknown): Error {
    if (error instanceof CheckpointMoved) return error;
    return new ProjectionFailedError(projector.projection.name, { position: event.position, type: event.type, id: event.id }, messageOf(error));
  }

  private async commit(projector: Projector, events: RecordedEvent[], mode: CommitMode): Promise<void> {
    // With tracing on, a batch holding traced commands' events is projected in a span of their traces.
    const traced = projectionParent(events.flatMap((event) => (event.metadata.traceparent ? [event.metadata.traceparent] : [])));
    if (!traced) return this.commitBatch(projector, events, mode);
    const attributes = { 'practice_audit.projection': projector.projection.name, 'practice_audit.events': events.length, 'practice_audit.position': events[events.length - 1].position };
    return inSpan(`project ${projector.projection.name}`, attributes, () => this.commitBatch(projector, events, mode), traced.parent, traced.links);
  }

  private async commitBatch(projector: Projector, events: RecordedEvent[], mode: CommitMode): Promise<void> {
    const { projection } = projector;
    const position = await this.dataSource.transaction(async (manager: EntityManager) => {
      // A rebuild's commit need not wait for its WAL to reach the disk: were the last commits lost
      // in a crash, the checkpoint they moved is lost with them and the rebuild replays from the one
      // before. Following the store ('live') keeps full durability: what a read model answered from
      // (and the outbox a mail went out from) must not go back in time after a crash. Except a batch
      // of events this read model ignores: it moves only the checkpoint, and replaying it changes
      // nothing (most commands' events concern a few of the read models, and every one waits for all).
      // set_config(…, true) is SET LOCAL, sent with the checkpoint's read: each statement is a round trip.
      const ignored = !events.some((event) => projection.handles?.(event.type) ?? true);
      const asynchronous = mode === 'rebuild' || ignored ? ", set_config('synchronous_commit', 'off', true)" : '';
      // The row lock makes concurrent runners on the same read model take turns, batch by batch.
      const rows: { version: number; position: string }[] = await manager.query(
        `SELECT version, position${asynchronous} FROM ${CHECKPOINT_TABLE} WHERE name = $1 FOR UPDATE`,
        [projection.name],
      );
      const storedVersion = rows.length === 0 ? null : Number(rows[0].version);
      const storedPosition = rows.length === 0 ? 0 : Number(rows[0].position);
      if (storedVersion !== projection.version || storedPosition < projector.position) {
        throw new CheckpointMoved(storedVersion, storedPosition);
      }
      // Events another runner already applied are skipped, never applied twice.
      const fresh = events.filter((event) => event.position > storedPosition);
      if (fresh.length === 0) return storedPosition;
      await projection.handle(fresh, manager);
      const last = fresh[fresh.length - 1].position;
      // The checkpoint moves, and is announced in the same statement: the notification is delivered
      // when this commits, and API instances in other processes answer their waiting mutations.
      await manager.query(
        `WITH moved AS (UPDATE ${CHECKPOINT_TABLE} SET position = $2, updated_at = now() WHERE name = $1 RETURNING name)
         SELECT pg_notify($3, $4) FROM moved`,
        [projection.name, last, CHECKPOINT_CHANNEL, `${projection.name}:${last}`],
      );
      return last;
    });
    projector.position = Math.max(projector.position, position);
    projector.faults = 0;
    if (projector.state === 'catching-up' && projector.position >= projector.liveAt) projector.state = 'live';
    this.settleWaiters();
  }

  // --- waiting ---

  private waitUntil(position: number, projectors: Projector[], timeoutMs: number | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { position, projectors, resolve, reject };
      if (this.settle(waiter)) return;
      this.waiters.add(waiter);
      if (timeoutMs !== null) {
        waiter.timer = setTimeout(() => {
          this.waiters.delete(waiter);
          const behind = projectors
            .filter((p) => p.position < position)
            .map((p) => `"${p.projection.name}" at ${p.position} (${p.state})`)
            .join(', ');
          reject(new Error(`Read models did not reach position ${position} within ${timeoutMs} ms: ${behind}`));
        }, timeoutMs);
      }
    });
  }

  private settleWaiters(): void {
    for (const waiter of [...this.waiters]) {
      if (this.settle(waiter)) {
        this.waiters.delete(waiter);
        if (waiter.timer) clearTimeout(waiter.timer);
      }
    }
  }

  /** Resolves or rejects the waiter if its outcome is known; true when it did. */
  private settle(waiter: Waiter): boolean {
    const behind = waiter.projectors.filter((p) => p.position < waiter.position);
    if (behind.length === 0) {
      waiter.resolve();
      return true;
    }
    const failed = behind.find((p) => p.state === 'failed');
    if (failed) {
      waiter.reject(
        new Error(`Read models cannot reach position ${waiter.position}: projection "${failed.projection.name}" failed at ${failed.position}: ${failed.error}`),
      );
      return true;
    }
    return false;
  }
}

/** Runs `work` on every item, at most `limit` at once. */
async function inTurns<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
