import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Settings } from '../config/settings.js';
import { SETTINGS } from '../app.tokens.js';
import { ReadModelProgress } from '../scale/read-model-progress.js';
import { lifecycle } from '../scale/lifecycle.js';
import { Public } from '../auth/decorators.js';
import { NotificationHealthCheck } from '../notifications/health.js';
import { DatabaseProbe } from './database-probe.js';

/**
 * 200 once the service takes commands and every projection runs; 503 (with the reason) otherwise:
 * when PostgreSQL does not answer (asked each time, with a short timeout), or a projection has
 * failed, or is waiting to resume after a lost connection.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly runner: ReadModelProgress,
    @Inject(DatabaseProbe) private readonly probe: DatabaseProbe,
    private readonly mail: NotificationHealthCheck,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  /** The process is up and answering: for a liveness probe, which restarts a process that does not. */
  @Public()
  @Get('live')
  live() {
    return { status: 'ok', role: this.settings.role };
  }

  /**
   * Whether to send this instance requests: PostgreSQL answers, and SIGTERM has not come. The read
   * models being behind is not a reason (a mutation then answers SAVED_NOT_YET_VISIBLE); /health says that.
   */
  @Public()
  @Get('ready')
  async ready() {
    const database = await this.probe.check();
    const reasons = [...(database.ok ? [] : [database.reason]), ...(lifecycle.draining ? ['stopping: finishing the requests in hand'] : [])];
    const body = { status: reasons.length === 0 ? 'ready' : 'unavailable', role: this.settings.role, ...(reasons.length ? { reason: reasons.join('; ') } : {}) };
    if (reasons.length > 0) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }

  @Public()
  @Get()
  async health() {
    const database = await this.probe.check();
    const projections = this.runner.status().map(({ name, position, state }) => ({ name, position, state }));
    const reasons: string[] = [];
    if (!database.ok) reasons.push(database.reason);
    const failed = projections.filter((p) => p.state === 'failed').map((p) => p.name);
    if (failed.length > 0) reasons.push(`projections failed: ${failed.join(', ')}`);
    const retrying = projections.filter((p) => p.state === 'retrying').map((p) => p.name);
    if (retrying.length > 0) reasons.push(`projections resuming after a lost database connection: ${retrying.join(', ')}`);
    const stopped = projections.filter((p) => p.state === 'stopped').map((p) => p.name);
    if (stopped.length > 0) reasons.push(`projections stopped: ${stopped.join(', ')}`);
    const ok = reasons.length === 0;
    const body = {
      status: ok ? 'ok' : 'unavailable',
      ...(ok ? {} : { reason: reasons.join('; ') }),
      database: database.ok ? { status: 'ok' } : { status: 'unavailable', reason: database.reason },
      projections,
      // The outbox's counts (failed messages for the audit team to resend): informative, never a reason for 503.
      notifications: database.ok ? await this.mail.counts() : null,
    };
    if (!ok) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
