import { randomUUID } from 'node:crypto';
import { Global, Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Request, Response, NextFunction } from 'express';
import { ProjectionRunner } from '../projections/runner/projection-runner.js';
import { SETTINGS, EVENT_STORE } from './app.tokens.js';
import { ReadModelProgress } from './scale/read-model-progress.js';
import type { Infrastructure } from './infrastructure.js';
import type { Settings } from './config/settings.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { DevLoginController } from './auth/dev-login.controller.js';
import { StaffDirectory } from './auth/staff-directory.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { TracingInterceptor } from './tracing/tracing.interceptor.js';
import { httpDuration, httpRequests } from './metrics/metrics.js';
import { DatabaseProbe } from './health/database-probe.js';
import { formatError } from './graphql/errors.js';
import { IdempotencyInterceptor } from './graphql/idempotency.interceptor.js';
import { refuseDeepDocuments } from './graphql/document-nesting.js';
import { apolloHardening } from './graphql/hardening.js';
import { MutationRateLimitGuard } from './graphql/mutation-rate-limit.js';
import { requestContext } from './graphql/request-context.js';
import { DateTimeScalar, LocalDateScalar } from './graphql/scalars.js';
import { Clock } from './shared/clock.js';
import { WriteSide } from './write-side/write-side.js';
import { StaffModule } from './staff/staff.module.js';
import { CyclesModule } from './cycles/cycles.module.js';
import { AuditsModule } from './audits/audits.module.js';
import { DipSamplesModule } from './dip-samples/dip-samples.module.js';
import { SelectionModule } from './selection/selection.module.js';
import { TrailModule } from './trail/trail.module.js';
import { TrackerModule } from './tracker/tracker.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { WorkQueuesModule } from './work-queues/work-queues.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { WebModule } from './web/web.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ProgressModule } from './progress/progress.module.js';

/** The infrastructure built before Nest (app.ts), shared with every feature module. */
@Global()
@Module({})
class InfrastructureModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: SETTINGS, useValue: infra.settings },
        { provide: EVENT_STORE, useValue: infra.store },
        { provide: Clock, useValue: infra.clock },
        { provide: DataSource, useValue: infra.dataSource },
        { provide: ProjectionRunner, useValue: infra.runner },
        { provide: ReadModelProgress, useValue: infra.progress },
        { provide: DatabaseProbe, useValue: infra.probe },
        WriteSide,
        StaffDirectory,
        AuthService,
        LocalDateScalar,
      ],
      exports: [SETTINGS, EVENT_STORE, Clock, DataSource, ProjectionRunner, ReadModelProgress, DatabaseProbe, WriteSide, StaffDirectory, AuthService, LocalDateScalar],
    };
  }
}

@Module({})
export class AppModule implements NestModule {
  static register(infra: Infrastructure): DynamicModule {
    const rateLimited = infra.settings.limits.mutationsPerWindow > 0;
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(infra),
        CqrsModule.forRoot(),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          // Every Date is the strict DateTime: an impossible date is refused, never rolled over.
          buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
          path: '/graphql',
          ...apolloHardening(infra.settings),
          formatError,
          context: ({ req }: { req: Request }) => ({ req }),
        }),
        StaffModule,
        CyclesModule,
        AuditsModule,
        DipSamplesModule,
        SelectionModule,
        TrailModule,
        TrackerModule,
        ReportsModule,
        WorkQueuesModule,
        ImportsModule,
        ExportsModule,
        WebModule,
        NotificationsModule,
        ProgressModule,
      ],
      controllers: [HealthController, MetricsController, DevLoginController],
      // Guards run in this order: who the caller is and whether they may, then how often they write.
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        ...(rateLimited ? [{ provide: APP_GUARD, useClass: MutationRateLimitGuard }] : []),
        // With tracing on, each mutation's span, active for everything the command does.
        ...(infra.settings.otlpEndpoint ? [{ provide: APP_INTERCEPTOR, useClass: TracingInterceptor }] : []),
        // A mutation's Idempotency-Key, for the write path to derive its ids from.
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }

  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  configure(consumer: MiddlewareConsumer) {
    // A correlation id for every request: the caller's X-Correlation-Id, or a new one.
    consumer
      .apply((req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
        // Rate and latency by route pattern (never the path itself: ids would make a series each).
        const end = process.hrtime.bigint();
        res.once('finish', () => {
          // Apollo's middleware is no Express route: it is named by its mount.
          const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.originalUrl.split('?')[0] === '/graphql' ? '/graphql' : 'unmatched';
          const labels = { method: req.method, route, status: String(res.statusCode) };
          httpRequests.inc(labels);
          httpDuration.observe(labels, Number(process.hrtime.bigint() - end) / 1e9);
        });
        const given = req.header('x-correlation-id');
        req.correlationId = given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Correlation-Id', req.correlationId);
        // Every log line written while this request is served carries its correlation id.
        requestContext.run({ correlationId: req.correlationId }, next);
      })
      .forRoutes('{*path}');
    // With its correlation id, before Apollo parses it: a document nested too deep for the parser.
    consumer.apply(refuseDeepDocuments(this.settings.limits.maxTokens)).forRoutes('graphql');
  }
}
