import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { Infrastructure } from '../infrastructure.js';
import { NotificationHealthCheck } from '../notifications/health.js';
import { OutboxSender } from '../notifications/outbox-sender.js';
import { ReminderScheduler } from '../notifications/reminder-scheduler.js';
import { metricsAllowed } from '../metrics/metrics-access.js';
import { metricsContentType, renderMetrics, workerActive } from '../metrics/metrics.js';
import { closeGracefully } from './graceful-close.js';
import { lifecycle } from './lifecycle.js';
import { WorkerLease } from './worker-lease.js';

export interface Worker {
  server: Server;
  lease: WorkerLease;
  /** Stops the work, gives the lease back, closes HTTP; the caller then closes the infrastructure. */
  stop(): Promise<void>;
}

/**
 * SERVICE_ROLE=worker: projections, the outbox sender and the reminder scheduler, run only while this
 * process holds the worker lease (worker-lease.ts); a standby waits for it. HTTP serves only
 * /health, /health/live, /health/ready and /metrics.
 */
export async function startWorker(infra: Infrastructure, log = new Logger('Worker')): Promise<Worker> {
  const { settings, runner, dataSource, clock } = infra;
  const sender = new OutboxSender(dataSource, clock, settings);
  const reminders = new ReminderScheduler(dataSource, clock, settings);
  const outbox = new NotificationHealthCheck(dataSource);
  // The schema is made (or rebuilt for a new version) now, so taking the lease later starts at once.
  await runner.prepare();
  const lease: WorkerLease = new WorkerLease(
    infra.database.url,
    settings.databaseTimeouts,
    {
      async activate() {
        workerActive.set(1);
        await runner.start();
        // The lease may have gone while the projections were starting.
        if (!lease.active) return;
        sender.start(() => lease.active);
        reminders.start();
      },
      async deactivate() {
        workerActive.set(0);
        await Promise.all([sender.stop(), reminders.stop(), runner.stop()]);
      },
    },
    { logger: { log: (m) => log.log(m), warn: (m) => log.warn(m) } },
  );
  workerActive.set(0);
  lease.start();

  const server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      log.error(error instanceof Error ? error.stack : String(error));
      if (!res.headersSent) json(res, 500, { status: 'error' });
    });
  });
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return json(res, 405, { status: 'method not allowed' });
    if (path === '/health/live') return json(res, 200, { status: 'ok', role: 'worker', lease: lease.state });
    if (path === '/health/ready') {
      const database = await infra.probe.check();
      const reasons = [...(database.ok ? [] : [database.reason]), ...(lifecycle.draining ? ['stopping'] : [])];
      // A standby is ready: ready to take over. The lease says which one works.
      return json(res, reasons.length ? 503 : 200, { status: reasons.length ? 'unavailable' : 'ready', role: 'worker', lease: lease.state, ...(reasons.length ? { reason: reasons.join('; ') } : {}) });
    }
    if (path === '/health') {
      const database = await infra.probe.check();
      const projections = runner.status().map(({ name, position, state }) => ({ name, position, state }));
      const reasons = [
        ...(database.ok ? [] : [database.reason]),
        ...projections.filter((p) => p.state === 'failed' || (lease.active && p.state === 'retrying')).map((p) => `projection ${p.name} ${p.state}`),
      ];
      return json(res, reasons.length ? 503 : 200, {
        status: reasons.length ? 'unavailable' : 'ok',
        ...(reasons.length ? { reason: reasons.join('; ') } : {}),
        role: 'worker',
        lease: lease.state,
        database: database.ok ? { status: 'ok' } : { status: 'unavailable', reason: database.reason },
        projections,
        notifications: database.ok ? await outbox.counts() : null,
      });
    }
    if (path === '/metrics') {
      if (!metricsAllowed(req.socket.remoteAddress, req.headers.authorization, settings.metricsToken)) return json(res, 403, { status: 'forbidden' });
      const body = await renderMetrics();
      res.writeHead(200, { 'content-type': metricsContentType });
      return void res.end(body);
    }
    return json(res, 404, { status: 'not found' });
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });

  return {
    server,
    lease,
    async stop() {
      lifecycle.draining = true;
      await lease.release();
      await sender.onApplicationShutdown();
      await closeGracefully(server, settings.shutdownGraceMs);
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
