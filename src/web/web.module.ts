import { Inject, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import { AssetsController } from './kernel/assets.js';
import { GraphqlClient } from './kernel/graphql-client.js';
import { cookieSecret, VIEWS } from './kernel/session-cookie.js';
import { SessionStore } from './kernel/sessions.js';
import { createViews } from './kernel/views.js';
import { WebSessionGuard } from './kernel/web-controller.js';
import { WebErrorsFilter } from './kernel/web-errors.filter.js';
import { SignInController } from './sign-in/sign-in.controller.js';
import { MyWorkController } from './my-work/my-work.controller.js';
import { AuditController } from './audit/audit.controller.js';
import { PeopleController } from './audit-team/people.controller.js';
import { QualityController } from './audit-team/quality.controller.js';
import { OversightController } from './audit-team/oversight.controller.js';
import { TrackerImportController } from './audit-team/tracker-import.controller.js';
import { ProgressController } from './audit-team/progress.controller.js';
import { TrackerImportClient, trackerUploadMiddleware } from './audit-team/tracker-upload.js';

/**
 * The web pages, served at / by the service itself (README in this folder). Each journey is a
 * folder with its controller, templates and browser test; a new one is added to `controllers`.
 */
@Module({
  controllers: [AssetsController, SignInController, MyWorkController, AuditController, PeopleController, QualityController, OversightController, TrackerImportController, ProgressController],
  providers: [{ provide: VIEWS, useFactory: () => createViews() }, GraphqlClient, SessionStore, WebSessionGuard, WebErrorsFilter, TrackerImportClient],
})
export class WebModule implements NestModule {
  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(cookieParser(cookieSecret(this.settings))).forRoutes('{*path}');
    // The tracker upload is the one multipart form: read before the guard checks its _csrf.
    consumer.apply(trackerUploadMiddleware).forRoutes({ path: 'audit-team/tracker-import', method: RequestMethod.POST });
  }
}
