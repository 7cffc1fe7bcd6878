import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '../event-store/event-store.port.js';
import type { WitnessedHash } from '../event-store/hash-chain.js';

/** Serialises the DDL below between processes starting on one database. */
const SCHEMA_LOCK_KEY = 7_302_115_101;

/**
 * The trail witness: the hash of every event as it was when it was appended, kept apart from the
 * events themselves.
 *
 * Why: the hash chain proves that what is in a stream links up, but not that nothing was cut off its
 * end (the remaining chain still links), nor that a chain was not recomputed from an altered event
 * onwards by someone with write access. So each (stream, revision, hash) is recorded here once, in
 * an append-only table of its own, and verification compares the stream with it: a witnessed
 * revision that is gone, or whose hash changed, is invalid.
 *
 * It is not a read model: it is never emptied or rebuilt from the events (that would launder the
 * very changes it exists to catch), so it is not in ALL_PROJECTIONS and the projection runner never
 * touches it. It follows the store from its own checkpoint, the highest position it holds, and a
 * batch is one INSERT, so a crash never leaves half a batch. A revision is witnessed once: a later
 * event claiming the same revision with another hash does not replace the first.
 *
 * With EventStoreDB the witness lives in PostgreSQL, another system from the events; with the
 * PostgreSQL store it is another table with its own refusal of UPDATE, DELETE and TRUNCATE.
 * Someone able to alter both can still hide a change from the service; the signed bundles governance
 * exports and keeps (GET /trails/:auditId) are the copies out of their reach.
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS trail_witness (
  stream_id   text        NOT NULL,
  revision    integer     NOT NULL CHECK (revision >= 0),
  hash        text        NOT NULL,
  position    bigint      NOT NULL,
  witnessed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS trail_witness_position ON trail_witness (position);

CREATE OR REPLACE FUNCTION trail_witness_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'trail_witness is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER trail_witness_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON trail_witness
  FOR EACH STATEMENT EXECUTE FUNCTION trail_witness_refuse_change();
`;

const INSERT_SQL = `
INSERT INTO trail_witness (stream_id, revision, hash, position)
SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[])
ON CONFLICT (stream_id, revision) DO NOTHING`;

/** After a failure (the database away), how long before following the store again. */
const RETRY_MS = 2_000;

interface Waiter {
  position: number;
  resolve: () => void;
}

@Injectable()
export class TrailWitness implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('TrailWitness');
  private subscription: Subscription | null = null;
  private retry: NodeJS.Timeout | null = null;
  private running = false;
  private cursor = 0;
  private readonly waiters = new Set<Waiter>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.ensureSchema();
    this.running = true;
    await this.follow();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    if (this.retry) clearTimeout(this.retry);
    await this.subscription?.stop();
    this.subscription = null;
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
  }

  /** The highest global position witnessed so far. */
  get position(): number {
    return this.cursor;
  }

  /** The witnessed hashes of one stream, by revision. */
  async witnessed(streamId: string): Promise<WitnessedHash[]> {
    const rows: Array<{ revision: number; hash: string }> = await this.dataSource.query(
      'SELECT revision, hash FROM trail_witness WHERE stream_id = $1 ORDER BY revision',
      [streamId],
    );
    return rows.map((row) => ({ revision: Number(row.revision), hash: row.hash }));
  }

  /** Resolves true once everything up to `position` is witnessed, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.cursor >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(this.cursor >= position);
        },
      };
      const timer = setTimeout(waiter.resolve, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async ensureSchema(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
      await runner.query(SCHEMA_SQL);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async follow(): Promise<void> {
    const [{ position }]: Array<{ position: string }> = await this.dataSource.query('SELECT coalesce(max(position), 0) AS position FROM trail_witness');
    this.cursor = Number(position);
    const subscription = this.store.subscribeToAll((events) => this.record(events), { after: this.cursor });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (this.subscription !== subscription) return;
      this.subscription = null;
      this.followLater(`stopped at position ${this.cursor}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private followLater(why: string): void {
    if (!this.running) return;
    this.log.error(`${why}; following the event store again in ${RETRY_MS} ms`);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.running) this.follow().catch((error: unknown) => this.followLater(error instanceof Error ? error.message : String(error)));
    }, RETRY_MS);
  }

  private async record(events: RecordedEvent[]): Promise<void> {
    await this.dataSource.query(INSERT_SQL, [
      events.map((e) => e.streamId),
      events.map((e) => e.revision),
      events.map((e) => e.hash),
      events.map((e) => e.position),
    ]);
    this.cursor = events[events.length - 1].position;
    for (const waiter of this.waiters) if (waiter.position <= this.cursor) waiter.resolve();
  }
}
