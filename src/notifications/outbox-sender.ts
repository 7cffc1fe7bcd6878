import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import { Clock } from '../shared/clock.js';
import { createMailTransport, type MailTransport } from './mail-transport.js';
import type { Rule } from './contracts/rules.js';
import { render } from './templates.js';
import { outboxSendFailures, outboxSent } from '../metrics/metrics.js';

const MAX_BACKOFF_MS = 6 * 3_600_000;

interface DueRow {
  id: string;
  rule: string;
  recipient_email: string;
  recipient_first_name: string;
  facts: Record<string, never>;
  calendar: string | null;
  attempts: number;
}

/**
 * Sends the outbox. Each message is sent inside a transaction that holds its row (FOR UPDATE SKIP
 * LOCKED, so several instances share the work and never send one message twice at once) and marks it
 * SENT, or due again after a backoff, or FAILED after the last try. A process stopped in order finishes
 * the message in hand; one killed mid-send leaves the row QUEUED and it goes again with the same
 * Message-ID.
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('OutboxSender');
  private readonly transport: MailTransport;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  /** Checked before each message: false once this worker has lost its lease (SERVICE_ROLE=worker). */
  private mayWork: () => boolean = () => true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {
    this.transport = createMailTransport(settings.mail);
  }

  onApplicationBootstrap(): void {
    // An API instance never sends: the active worker does (SERVICE_ROLE, README "Operations").
    if (this.settings.role === 'all') this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    this.transport.close();
  }

  /** Sends every MAIL_POLL_MS while `mayWork` holds (the worker's lease), until stop(). */
  start(mayWork: () => boolean = () => true): void {
    this.mayWork = mayWork;
    this.stopped = false;
    if (this.settings.mail.pollMs > 0 && !this.timer && !this.running) this.schedule(0);
  }

  /** No new message is taken; the one in hand is finished (its row stays locked until then). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((error: unknown) => this.log.error(`sending: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule(this.settings.mail.pollMs);
        });
    }, delay);
    // The HTTP server keeps the process alive; this timer alone never should.
    this.timer.unref();
  }

  /** Sends every message due now; returns how many were tried. */
  async drain(): Promise<number> {
    let tried = 0;
    while (!this.stopped && this.mayWork() && (await this.sendOne())) tried++;
    return tried;
  }

  /** Tries the oldest message due (a new one at once, a retry after its backoff), if any; false when none is due. */
  async sendOne(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const now = this.clock.now();
      const rows: DueRow[] = await runner.query(
        `SELECT id, rule, recipient_email, recipient_first_name, facts, calendar, attempts FROM notification_outbox
          WHERE state = 'QUEUED' AND (attempts = 0 OR next_attempt_at <= $1) ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        return false;
      }
      const row = rows[0];
      const attempts = row.attempts + 1;
      // The lease may have gone while the row was being taken: leave it to the worker that has it now.
      if (!this.mayWork()) {
        await runner.rollbackTransaction();
        return false;
      }
      try {
        const rendered = render(row.rule as Rule, row.facts, row.recipient_first_name, this.settings.mail.publicUrl);
        await this.transport.send({ id: row.id, to: { name: row.recipient_first_name, address: row.recipient_email }, calendar: row.calendar, ...rendered });
        outboxSent.inc();
        await runner.query(`UPDATE notification_outbox SET state = 'SENT', attempts = $2, sent_at = $3, last_error = NULL WHERE id = $1`, [row.id, attempts, this.clock.now()]);
      } catch (error) {
        outboxSendFailures.inc();
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        if (attempts >= this.settings.mail.maxAttempts) {
          await runner.query(`UPDATE notification_outbox SET state = 'FAILED', attempts = $2, last_error = $3 WHERE id = $1`, [row.id, attempts, reason]);
          this.log.warn(`message ${row.id} failed after ${attempts} tries`);
        } else {
          const wait = Math.min(this.settings.mail.retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
          await runner.query(`UPDATE notification_outbox SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [
            row.id,
            attempts,
            reason,
            new Date(now.getTime() + wait),
          ]);
        }
      }
      await runner.commitTransaction();
      return true;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
