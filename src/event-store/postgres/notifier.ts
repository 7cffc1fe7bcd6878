import pg from 'pg';
import { EVENTS_CHANNEL } from './schema.js';

/**
 * One LISTEN connection per store, shared by its subscriptions. It only ever says "something was
 * appended, read again"; what is read comes from the table. A notification can be lost (the
 * connection drops, the listener starts late), so waiters also give up after a poll interval and
 * re-read anyway: a lost notification delays delivery by at most one interval, never stalls it.
 */
export class AppendNotifier {
  /** Bumped on every notification (and on listener loss), so a waiter can tell it missed one. */
  private generation = 0;
  private readonly waiters = new Set<() => void>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly reconnectDelayMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  get current(): number {
    return this.generation;
  }

  /** Starts listening if not already; never throws (polling covers a listener that cannot connect). */
  ensureListening(): Promise<void> {
    if (this.closed || this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Resolves when a notification arrives after `seen`, after `timeoutMs`, or when `signal` aborts. */
  waitForAppend(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.generation !== seen || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        this.waiters.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      signal.addEventListener('abort', finish);
      this.waiters.add(finish);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.connecting;
    const client = this.client;
    this.client = null;
    this.wakeAll();
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    // Without an error listener a dropped connection would crash the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) this.wakeAll();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.onError(error as Error);
      this.scheduleReconnect();
    }
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    if (error && !this.closed) this.onError(error);
    // Anything appended while nobody listened is found by the re-read this wake-up causes.
    this.wakeAll();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.ensureListening();
    }, this.reconnectDelayMs);
    this.reconnectTimer.unref();
  }

  private wakeAll(): void {
    this.generation++;
    for (const wake of [...this.waiters]) wake();
  }
}
