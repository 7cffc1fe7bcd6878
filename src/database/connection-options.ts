import pg from 'pg';

/** How long the service waits on PostgreSQL before answering SERVICE_UNAVAILABLE (README, Configuration). */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in a pool. */
  connectMs: number;
  /** One statement: the server cancels it after this (statement_timeout); the client gives up shortly after. */
  statementMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 15_000 };

/**
 * The client gives up a little after the server would have cancelled: a server that is alive
 * answers 57014 first; one that is stopped or unreachable does not answer at all.
 */
const CLIENT_GRACE_MS = 2_000;

/**
 * A client that sends one query at a time. node-postgres queues a query sent while another runs,
 * warns that pg 9 will refuse it, and TypeORM's schema builder does exactly that (Promise.all over
 * one query runner); here such a query waits for the one before it instead.
 */
export class SerialClient extends pg.Client {
  private tail: Promise<unknown> = Promise.resolve();

  override query(...args: unknown[]): any {
    const [config, values, callback] = args as [unknown, unknown, unknown];
    const submittable = typeof (config as { submit?: unknown } | null)?.submit === 'function';
    // The callback and submittable forms are the pool's own (one caller per client); pass them on.
    if (submittable || typeof values === 'function' || typeof callback === 'function') {
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const run = () =>
      (super.query as (...a: unknown[]) => Promise<unknown>)(config, values).catch((error: unknown) => {
        // The server did not answer in time: this connection may never answer again (a stopped or
        // vanished server), and its query is still outstanding. Drop it, so its pool (and TypeORM's
        // query runner) replace it instead of queueing the next caller behind it.
        if ((error as Error)?.message === 'Query read timeout') this.dropConnection();
        throw error;
      });
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private dropConnection(): void {
    (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
}

/** Options for every pg.Pool and pg.Client of the service: bounded waits, keepalive, one query at a time. */
export function connectionOptions(timeouts: DatabaseTimeouts, applicationName: string): pg.PoolConfig & { Client: typeof pg.Client } {
  return {
    application_name: applicationName,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + CLIENT_GRACE_MS,
    // A transaction left open by a client that vanished must not hold its locks for ever.
    idle_in_transaction_session_timeout: Math.max(60_000, timeouts.statementMs * 4),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    Client: SerialClient,
  };
}
