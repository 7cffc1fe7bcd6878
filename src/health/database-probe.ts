import pg from 'pg';
import { connectionOptions, type DatabaseTimeouts } from '../database/connection-options.js';

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/**
 * Asks PostgreSQL `SELECT 1` on a connection of its own (so a busy pool cannot make /health wait),
 * giving up after a short time. Health checks arriving together share one question.
 */
export class DatabaseProbe {
  private readonly pool: pg.Pool;
  private inFlight: Promise<ProbeResult> | null = null;

  constructor(
    url: string,
    timeouts: DatabaseTimeouts,
    private readonly timeoutMs = Math.min(2_000, timeouts.connectMs),
  ) {
    const options = connectionOptions({ connectMs: timeoutMs, statementMs: timeoutMs }, 'practice-audit-health');
    this.pool = new pg.Pool({ ...options, query_timeout: timeoutMs, connectionString: url, max: 1, idleTimeoutMillis: 30_000 });
    // A dropped idle connection is simply replaced at the next check.
    this.pool.on('error', () => undefined);
  }

  check(): Promise<ProbeResult> {
    this.inFlight ??= this.ask().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private async ask(): Promise<ProbeResult> {
    try {
      await this.pool.query('SELECT 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: describe(error, this.timeoutMs) };
    }
  }
}

/** Why, without addresses or credentials: /health is public. */
function describe(error: unknown, timeoutMs: number): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message === 'string' && /timeout/i.test(message)) return `the database did not answer within ${timeoutMs} ms`;
  if (typeof code === 'string') return `the database is unavailable (${code})`;
  if (typeof message === 'string' && /terminated|ended/i.test(message)) return 'the database closed the connection';
  return 'the database is unavailable';
}
