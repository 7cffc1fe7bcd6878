import { BadRequestException, Logger, ValidationPipe, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ValidationError } from 'class-validator';
import { ALL_PROJECTIONS } from '../projections/index.js';
import { createReadModelDataSource } from '../projections/data-source.js';
import { ProjectionRunner } from '../projections/runner/projection-runner.js';
import { ensureNotificationHorizon } from '../projections/notifications/horizon.js';
import type { Settings } from './config/settings.js';
import { openDatabase } from './database/database.js';
import { createEventStore } from './event-store/create-event-store.js';
import { Clock } from './shared/clock.js';
import { AppModule } from './app.module.js';
import { applyHttpHardening } from './graphql/hardening.js';
import { TextInputPipe } from './graphql/text-input.js';
import { ServiceExceptionFilter } from './http/exception.filter.js';
import { DatabaseProbe } from './health/database-probe.js';
import { CHECKPOINT_TABLE, SCHEMA_LOCK_KEY } from '../projections/runner/projection-runner.js';
import { ReadModelProgress } from './scale/read-model-progress.js';
import { CheckpointFollower } from './scale/checkpoint-follower.js';
import { watchReadModels } from './metrics/metrics.js';
import type { Infrastructure } from './infrastructure.js';

export type { Infrastructure } from './infrastructure.js';

/** Databases, event store and projections: everything the HTTP layer stands on. */
export async function startInfrastructure(settings: Settings, logger: LoggerService = new Logger('Infrastructure')): Promise<Infrastructure> {
  const database = await openDatabase(
    settings,
    (line) => logger.debug?.(line, 'PostgreSQL'),
    {
      notice: (line) => logger.log(line),
      onRestart: ({ phase, detail }) => (phase === 'restarted' ? logger.log(detail) : phase === 'exited' ? logger.error(detail) : logger.warn(detail)),
    },
  );
  const closers: Array<() => Promise<unknown>> = [async () => database.embedded?.stop()];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch((e) => logger.error(`while closing: ${e}`));
  };
  try {
    const store = await createEventStore({
      databaseUrl: database.url,
      eventStoreConnectionString: settings.eventStoreConnectionString,
      databaseTimeouts: settings.databaseTimeouts,
    });
    closers.push(() => store.close());
    const dataSource = createReadModelDataSource(database.url, undefined, settings.databaseTimeouts);
    await dataSource.initialize();
    closers.push(() => dataSource.destroy());
    const query = <T>(sql: string, parameters?: unknown[]) => dataSource.query(sql, parameters) as Promise<T[]>;
    const runner = new ProjectionRunner(store, dataSource, ALL_PROJECTIONS, { logger });
    let progress: ReadModelProgress = runner;
    if (settings.role === 'api') {
      // The schema is the worker's to prepare (and to rebuild on a new version): wait for it.
      await schemaPrepared(query, logger);
      const follower = new CheckpointFollower(database.url, settings.databaseTimeouts, query, ALL_PROJECTIONS);
      await follower.start();
      closers.push(() => follower.close());
      progress = follower;
    } else {
      // The history before notifications first ran is never mailed (projections/notifications/horizon.ts).
      await ensureNotificationHorizon(query, await store.headPosition());
      // A worker starts its runner when it takes the lease (src/scale/worker.ts).
      if (settings.role === 'all') await runner.start();
    }
    closers.push(() => runner.stop());
    watchReadModels({ head: () => store.headPosition(), query });
    closers.push(async () => watchReadModels(null));
    const probe = new DatabaseProbe(database.url, settings.databaseTimeouts);
    closers.push(() => probe.close());
    return { settings, clock: new Clock(settings.appClock), database, store, dataSource, runner, progress, probe, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until a worker has made the read-model tables for this code's projection versions. */
async function schemaPrepared(query: <T>(sql: string, parameters?: unknown[]) => Promise<T[]>, logger: LoggerService): Promise<void> {
  const expected = ALL_PROJECTIONS.map(({ name, version }) => `${name}:${version}`);
  for (let waited = 0; ; waited += SCHEMA_POLL_MS) {
    const rows = await query<{ name: string; version: number }>(`SELECT name, version FROM ${CHECKPOINT_TABLE}`).catch((error: { code?: string }) => {
      if (error.code === '42P01') return []; // no worker has started on this database yet
      throw error;
    });
    const stored = new Set(rows.map((row) => `${row.name}:${row.version}`));
    if (expected.every((key) => stored.has(key))) {
      // The rows come before the tables: once the worker's schema lock is free, both are there.
      await query('SELECT pg_advisory_lock($1), pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
      return;
    }
    if (waited % 10_000 === 0) logger.log(`waiting for a worker (SERVICE_ROLE=worker) to prepare the read models: ${expected.filter((key) => !stored.has(key)).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, SCHEMA_POLL_MS));
  }
}

const SCHEMA_POLL_MS = 500;

export async function createApp(infra: Infrastructure, options: { logger?: LoggerService | false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(infra), { logger: options.logger ?? ['log', 'warn', 'error'] });
  applyHttpHardening(app, infra.settings);
  app.useGlobalFilters(new ServiceExceptionFilter());
  app.useGlobalPipes(
    // Before validation: text PostgreSQL could not store is refused naming its field, wherever it is sent.
    new TextInputPipe(),
    new ValidationPipe({
      transform: true,
      forbidUnknownValues: true,
      exceptionFactory: (errors) => new BadRequestException(flatten(errors)),
    }),
  );
  await app.init();
  return app;
}

/** class-validator's nested errors as `field: why` lines (messages already name the field). */
function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((m) => (m.startsWith(`${error.property}:`) ? `${prefix ? prefix + '.' : ''}${m}` : `${path}: ${m}`));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
