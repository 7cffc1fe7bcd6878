import { BadRequestException, Logger, ValidationPipe, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ValidationError } from 'class-validator';
import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../projections/index.js';
import { createReadModelDataSource } from '../projections/data-source.js';
import { ProjectionRunner } from '../projections/runner/projection-runner.js';
import { ensureNotificationHorizon } from '../projections/notifications/horizon.js';
import type { Settings } from './config/settings.js';
import { openDatabase, type Database } from './database/database.js';
import { createEventStore } from './event-store/create-event-store.js';
import type { EventStore } from './event-store/event-store.port.js';
import { Clock } from './shared/clock.js';
import { AppModule } from './app.module.js';
import { applyHttpHardening } from './graphql/hardening.js';
import { TextInputPipe } from './graphql/text-input.js';
import { ServiceExceptionFilter } from './http/exception.filter.js';
import { DatabaseProbe } from './health/database-probe.js';

export interface Infrastructure {
  settings: Settings;
  clock: Clock;
  database: Database;
  store: EventStore;
  dataSource: DataSource;
  runner: ProjectionRunner;
  /** Asks PostgreSQL, for /health. */
  probe: DatabaseProbe;
  /** Stops projections, closes connections and stops the embedded PostgreSQL, in that order. */
  close(): Promise<void>;
}

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
    // The history before notifications first ran is never mailed (projections/notifications/horizon.ts).
    await ensureNotificationHorizon((sql, parameters) => dataSource.query(sql, parameters), await store.headPosition());
    const runner = new ProjectionRunner(store, dataSource, ALL_PROJECTIONS, { logger });
    await runner.start();
    closers.push(() => runner.stop());
    const probe = new DatabaseProbe(database.url, settings.databaseTimeouts);
    closers.push(() => probe.close());
    return { settings, clock: new Clock(settings.appClock), database, store, dataSource, runner, probe, close };
  } catch (error) {
    await close();
    throw error;
  }
}

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
