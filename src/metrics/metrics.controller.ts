import { Controller, ForbiddenException, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/decorators.js';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import { metricsAllowed } from './metrics-access.js';
import { metricsContentType, renderMetrics } from './metrics.js';

/** Prometheus scrapes GET /metrics: from this machine, or elsewhere with METRICS_TOKEN. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  @Public()
  @Get()
  async metrics(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!metricsAllowed(req.socket.remoteAddress, req.header('authorization'), this.settings.metricsToken)) {
      throw new ForbiddenException('/metrics answers this machine, or a caller sending Authorization: Bearer with METRICS_TOKEN');
    }
    res.setHeader('Content-Type', metricsContentType);
    res.send(await renderMetrics());
  }
}
