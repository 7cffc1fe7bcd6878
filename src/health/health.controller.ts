import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { Public } from '../auth/decorators.js';
import { NotificationHealthCheck } from '../notifications/health.js';

/** 200 once the service takes commands and every projection runs; 503 (with the reason) otherwise. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly mail: NotificationHealthCheck,
  ) {}

  @Public()
  @Get()
  async health() {
    const projections = this.runner.status().map(({ name, position, state }) => ({ name, position, state }));
    const ok = projections.every((p) => p.state === 'live' || p.state === 'catching-up');
    // The outbox's counts (failed messages for the audit team to resend): informative, never a reason for 503.
    const notifications = await this.mail.counts();
    const body = { status: ok ? 'ok' : 'unavailable', projections, notifications };
    if (!ok) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
