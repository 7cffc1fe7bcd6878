import pg from 'pg';
import type { PlannedAppend } from '../append-plan.js';

// One append as the writer takes it: its events hashed on the stream's head being `headRevision`.
export type { PlannedAppend };

/** Position of the append's last event, or null when the stream's head had moved on (nothing appended). */
export type AppendOutcome = number | null;

export interface GroupCommitLimits {
  /**
   * Most appends in one transaction. Each runs in a subtransaction, and PostgreSQL tracks at most
   * 64 of a transaction's subtransactions in shared memory; past that every other session's
   * snapshots have to look them up on disk.
   */
  maxAppends: number;
  /** Most events in one transaction (one larger append still goes, alone), bounding how long it holds the lock. */
  maxEvents: number;
}

export const DEFAULT_GROUP_LIMITS: GroupCommitLimits = { maxAppends: 64, maxEvents: 1000 };

/** Runs inside a group's transaction, once per append stored, before the commit (a test seam). */
export type BeforeCommit = (appended: { streamId: string; positions: number[] }) => Promise<void>;

interface Pending {
  append: PlannedAppend;
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
}

interface GroupRow {
  last_position: string | null;
  failure: DatabaseFailure | null;
}

/** The fields of a refused append's error, as events_append_group reports them. */
interface DatabaseFailure {
  code: string;
  message: string;
  detail: string;
  hint: string;
  where: string;
  schema: string;
  table: string;
  column: string;
  dataType: string;
  constraint: string;
}

/** Named, so each connection has the server parse and plan it once (a prepared statement). */
const GROUP_QUERY = {
  name: 'events-append-group',
  text: 'SELECT last_position, failure FROM events_append_group($1::text[], $2::integer[], $3::text[])',
};

/**
 * Group commit. Appends take the database's append lock one transaction at a time (see schema.ts),
 * so one append per transaction means one commit, one WAL flush, per append, and PostgreSQL can
 * never flush several appends' commits together. Instead, appends that arrive while a group is
 * being written wait here, and the next transaction writes them all: one lock, one commit, one
 * flush. An append that arrives when nothing is being written goes at once, alone, so a lone
 * writer waits for nobody.
 *
 * Inside the transaction each append has its own savepoint (events_append_group), so an append
 * whose stream moved on or that the database refuses is answered on its own while the rest of its
 * group commits. Positions are still assigned under the lock, in queue order, gap-free.
 */
export class GroupCommitWriter {
  private readonly queue: Pending[] = [];
  /** Set while a group is being written; appends arriving meanwhile wait for the next one. */
  private writing = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly limits: GroupCommitLimits,
    private readonly beforeCommit?: BeforeCommit,
  ) {}

  /** Appends waiting for the group being written to commit. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with the append's outcome once its group has committed; rejects with its refusal. */
  write(append: PlannedAppend): Promise<AppendOutcome> {
    const outcome = new Promise<AppendOutcome>((resolve, reject) => this.queue.push({ append, resolve, reject }));
    if (!this.writing) {
      this.writing = true;
      void this.drain();
    }
    return outcome;
  }

  /** Resolves when every append handed over so far has been written. */
  idle(): Promise<void> {
    return this.writing ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.commit(this.takeGroup());
        // One turn of the event loop before the next group is taken: the writers just answered run on,
        // and those whose next append follows at once join that group instead of trailing it alone.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      // In the same turn as the last look at the queue, so no append is left waiting with nobody writing.
      this.writing = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private takeGroup(): Pending[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && count < this.limits.maxAppends) {
      const size = this.queue[count].append.rows.length;
      if (count > 0 && events + size > this.limits.maxEvents) break;
      events += size;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /** Writes one group and settles each of its appends; never throws. */
  private async commit(group: Pending[]): Promise<void> {
    const values = [
      group.map((p) => p.append.streamId),
      group.map((p) => p.append.headRevision),
      group.map((p) => JSON.stringify(p.append.rows)),
    ];
    let rows: GroupRow[];
    try {
      rows = this.beforeCommit ? await this.commitWithHook(group, values, this.beforeCommit) : (await this.pool.query<GroupRow>({ ...GROUP_QUERY, values })).rows;
      if (rows.length !== group.length) throw new Error(`events_append_group answered ${rows.length} rows for ${group.length} appends`);
    } catch (error) {
      // The transaction as a whole failed (connection lost, commit refused): every append in it gets
      // the error it would have got alone in that transaction.
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, i) => {
      const { last_position: last, failure } = rows[i];
      if (failure) pending.reject(databaseError(failure));
      else pending.resolve(last === null ? null : Number(last));
    });
  }

  /** The same statement in an explicit transaction, held open for the hook before its commit. */
  private async commitWithHook(group: Pending[], values: unknown[], beforeCommit: BeforeCommit): Promise<GroupRow[]> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<GroupRow>({ ...GROUP_QUERY, values });
      for (const [i, pending] of group.entries()) {
        const last = rows[i].last_position;
        if (last === null) continue;
        const { streamId, rows: events } = pending.append;
        await beforeCommit({ streamId, positions: events.map((_, j) => Number(last) - events.length + 1 + j) });
      }
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/**
 * The error the driver would have raised had the append been alone in its transaction: the same
 * class, code, message and fields (the database caught it in the append's savepoint instead).
 */
function databaseError(failure: DatabaseFailure): pg.DatabaseError {
  const error = new pg.DatabaseError(failure.message, 0, 'error');
  // GET STACKED DIAGNOSTICS gives '' for a field the error does not have; the driver leaves it unset.
  const field = (value: string) => (value === '' ? undefined : value);
  error.severity = 'ERROR';
  error.code = failure.code;
  error.detail = field(failure.detail);
  error.hint = field(failure.hint);
  error.where = field(failure.where);
  error.schema = field(failure.schema);
  error.table = field(failure.table);
  error.column = field(failure.column);
  error.dataType = field(failure.dataType);
  error.constraint = field(failure.constraint);
  return error;
}
