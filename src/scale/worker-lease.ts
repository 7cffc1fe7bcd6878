import pg from 'pg';
import { connectionOptions, type DatabaseTimeouts } from '../database/connection-options.js';

/** The advisory lock whose holder is the active worker (one number for the whole database). */
export const WORKER_LEASE_KEY = 7_734_120_982;

export type LeaseState = 'standby' | 'active' | 'stopped';

export interface LeaseWork {
  /** The lease is held: start projections, the outbox sender and reminders. */
  activate(): Promise<void>;
  /** The lease is gone (its connection lost, or release): stop them at once. */
  deactivate(): Promise<void>;
}

export interface LeaseLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface WorkerLeaseOptions {
  /** How often a standby asks for the lock, and the holder checks its connection. Default 500 ms. */
  pollMs?: number;
  logger?: LeaseLogger;
}

/**
 * Exactly one active worker: the holder of a PostgreSQL session advisory lock on a connection kept
 * for it alone. PostgreSQL releases the lock the moment that session ends (the process killed, the
 * connection cut), and a standby polling pg_try_advisory_lock takes it on its next try. The holder
 * asks its connection every poll; one that fails or does not answer in time means another may
 * already hold the lock, so the work is stopped before anything else is done.
 */
export class WorkerLease {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private current: LeaseState = 'standby';
  private closing = false;
  private turn: Promise<void> = Promise.resolve();
  /** The work being started: stopping it waits for that, so nothing starts after it was stopped. */
  private activation: Promise<void> | null = null;
  private readonly pollMs: number;
  private readonly logger: LeaseLogger;
  /** When this process last became active, for the log. */
  activeSince: Date | null = null;

  constructor(
    private readonly url: string,
    private readonly timeouts: DatabaseTimeouts,
    private readonly work: LeaseWork,
    options: WorkerLeaseOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 500;
    this.logger = options.logger ?? { log: (m) => console.log(m), warn: (m) => console.warn(m) };
  }

  get state(): LeaseState {
    return this.current;
  }

  /** True only while the lock is held and its connection answered at the last check. */
  get active(): boolean {
    return this.current === 'active';
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops the work, gives the lock back (ending its session) and polls no more. */
  async release(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.turn;
    await this.lose('released');
    this.current = 'stopped';
  }

  private schedule(delay: number): void {
    if (this.closing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.turn = this.step().finally(() => this.schedule(this.pollMs));
    }, delay);
  }

  private async step(): Promise<void> {
    if (this.closing) return;
    try {
      if (this.current === 'active') {
        await this.ask('SELECT 1');
        return;
      }
      const client = await this.connection();
      const [row] = await this.ask<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [WORKER_LEASE_KEY], client);
      if (!row?.held || this.closing) return;
      this.current = 'active';
      this.activeSince = new Date();
      this.logger.log('worker lease taken: this worker is active (projections, outbox sender, reminders)');
      this.activation = this.work.activate();
      try {
        await this.activation;
      } finally {
        this.activation = null;
      }
    } catch (error) {
      await this.lose(`the lease connection failed (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ ...connectionOptions(this.timeouts, 'practice-audit-worker-lease'), connectionString: this.url });
    // A broken connection is found by the next check; until then, its error must not crash the process.
    client.on('error', () => void this.lose('the lease connection broke'));
    client.on('end', () => {
      if (this.client === client) void this.lose('the lease connection ended');
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /** One question on the lease connection, bounded by the poll interval (and at least a second). */
  private async ask<T>(sql: string, parameters: unknown[] = [], client = this.client): Promise<T[]> {
    if (!client) throw new Error('no lease connection');
    const bound = Math.max(1_000, this.pollMs * 2);
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        client.query(sql, parameters),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${bound} ms`)), bound);
        }),
      ]);
      return (result as pg.QueryResult).rows as T[];
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the work first (another worker may take over any moment now), then drops the connection. */
  private async lose(why: string): Promise<void> {
    const wasActive = this.current === 'active';
    const client = this.client;
    this.client = null;
    if (wasActive) {
      this.current = 'standby';
      this.activeSince = null;
      this.logger.warn(`worker lease given up: ${why}; stopping work`);
      await this.activation?.catch(() => undefined);
      await this.work.deactivate().catch((error: unknown) => this.logger.warn(`stopping work: ${String(error)}`));
    }
    if (client) await client.end().catch(() => undefined);
  }
}
