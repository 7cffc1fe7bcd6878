import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { Public } from '../auth/decorators.js';

/** 200 once the service takes commands and every projection runs; 503 (with the reason) otherwise. */
@Controller('health')
export class HealthController {
  constructor(private readonly runner: ProjectionRunner) {}

  @Public()
  @Get()
  health() {
    const projections = this.runner.status().map(({ name, position, state }) => ({ name, position, state }));
    const ok = projections.every((p) => p.state === 'live' || p.state === 'catching-up');
    const body = { status: ok ? 'ok' : 'unavailable', projections };
    if (!ok) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
