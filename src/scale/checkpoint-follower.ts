import pg from 'pg';
import type { ProjectionStatus } from '../../projections/runner/projection-runner.js';
import { connectionOptions, type DatabaseTimeouts } from '../database/connection-options.js';
import { CHECKPOINT_CHANNEL, ReadModelProgress, checkpointsReach, parseCheckpointNotice } from './read-model-progress.js';

interface Waiter {
  position: number;
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

type Query = <T>(sql: string, parameters?: unknown[]) => Promise<T[]>;

/** Read the whole checkpoint table this often, besides every notice (a notice lost with a connection is found here). */
const POLL_MS = 500;
const RECONNECT_MS = 1_000;

/**
 * An API instance's view of the read models: the checkpoints the active worker commits. Each commit
 * is announced (NOTIFY, delivered when the batch commits) and the table is also read every 500 ms, so
 * a notice lost with a connection, or a worker that changed, delays an answer by half a second at most.
 */
export class CheckpointFollower extends ReadModelProgress {
  private readonly checkpoints = new Map<string, { version: number; position: number }>();
  private readonly waiters = new Set<Waiter>();
  private listener: pg.Client | null = null;
  private poller: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private closed = false;
  private lastRead: Date | null = null;

  constructor(
    private readonly url: string,
    private readonly timeouts: DatabaseTimeouts,
    private readonly query: Query,
    private readonly expected: ReadonlyArray<{ name: string; version: number }>,
  ) {
    super();
  }

  async start(): Promise<void> {
    await this.poll();
    await this.listen().catch(() => this.listenLater());
    const tick = () => {
      this.poller = setTimeout(() => {
        void this.poll().finally(() => {
          if (!this.closed) tick();
        });
      }, POLL_MS);
      this.poller.unref();
    };
    tick();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poller) clearTimeout(this.poller);
    if (this.reconnect) clearTimeout(this.reconnect);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('the service is stopping'));
    }
    this.waiters.clear();
  }

  waitFor(position: number, timeoutMs = 5_000): Promise<void> {
    if (checkpointsReach(this.expected, this.checkpoints, position)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const behind = this.expected
            .filter(({ name }) => (this.checkpoints.get(name)?.position ?? 0) < position)
            .map(({ name }) => `"${name}" at ${this.checkpoints.get(name)?.position ?? 0}`)
            .join(', ');
          reject(new Error(`Read models did not reach position ${position} within ${timeoutMs} ms: ${behind}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** As the checkpoints say; `live` for a checkpoint of this code's version, `catching-up` for none or another. */
  status(): ProjectionStatus[] {
    return this.expected.map(({ name, version }) => {
      const stored = this.checkpoints.get(name);
      return { name, version, position: stored?.position ?? 0, state: stored?.version === version ? 'live' : 'catching-up' };
    });
  }

  /** When the table was last read: the follower is current to within POLL_MS of it. */
  get readAt(): Date | null {
    return this.lastRead;
  }

  private async poll(): Promise<void> {
    try {
      const rows = await this.query<{ name: string; version: number; position: string }>('SELECT name, version, position FROM projection_checkpoints');
      for (const row of rows) this.note(row.name, Number(row.version), Number(row.position), true);
      this.lastRead = new Date();
      this.settle();
    } catch {
      // The database away (or no worker has made the table yet): waiters wait, then time out.
    }
  }

  private note(name: string, version: number | null, position: number, fromTable: boolean): void {
    const known = this.checkpoints.get(name);
    // A notice carries no version: it is of the version last read from the table.
    const v = version ?? known?.version ?? null;
    if (v === null) return;
    // The table is the truth (a reset moves a checkpoint back); a notice only moves one forward.
    if (fromTable || !known || position > known.position) this.checkpoints.set(name, { version: v, position });
  }

  private settle(): void {
    for (const waiter of [...this.waiters]) {
      if (checkpointsReach(this.expected, this.checkpoints, waiter.position)) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const options = connectionOptions(this.timeouts, 'practice-audit-checkpoints');
    const client = new pg.Client({ ...options, connectionString: this.url, statement_timeout: undefined, query_timeout: undefined });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      const notice = message.channel === CHECKPOINT_CHANNEL ? parseCheckpointNotice(message.payload) : null;
      if (!notice) return;
      this.note(notice.name, null, notice.position, false);
      this.settle();
    });
    await client.connect();
    await client.query(`LISTEN ${CHECKPOINT_CHANNEL}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private lost(client: pg.Client): void {
    if (this.listener !== client) return;
    this.listener = null;
    client.end().catch(() => undefined);
    this.listenLater();
  }

  private listenLater(): void {
    if (this.closed || this.reconnect) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      this.listen().catch(() => this.listenLater());
    }, RECONNECT_MS);
    this.reconnect.unref();
  }
}
