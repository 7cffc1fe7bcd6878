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
import { OidcSignIn } from './sign-in/oidc-sign-in.js';
import { MyWorkController } from './my-work/my-work.controller.js';
import { AuditController } from './audit/audit.controller.js';
import { DiscussionController } from './audit/discussion.controller.js';
import { EscalationController } from './escalation/escalation.controller.js';
import { FeedbackController } from './feedback/feedback.controller.js';
import { ActionsController } from './actions/actions.controller.js';
import { AgreeActionController } from './actions/agree-action.controller.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { ModerationController } from './moderation/moderation.controller.js';
import { DisputesController } from './disputes/disputes.controller.js';
import { UoppController } from './uopp/uopp.controller.js';
import { HistoryController } from './history/history.controller.js';
import { CyclesController } from './cycles/cycles.controller.js';
import { SelectionController } from './cycles/selection.controller.js';
import { ProgrammeController } from './cycles/programme.controller.js';
import { PeopleController } from './audit-team/people.controller.js';
import { QualityController } from './audit-team/quality.controller.js';
import { OversightController } from './audit-team/oversight.controller.js';
import { TrackerImportController } from './audit-team/tracker-import.controller.js';
import { ProgressController } from './audit-team/progress.controller.js';
import { TrackerImportClient, trackerUploadMiddleware } from './audit-team/tracker-upload.js';
import { TrackerController } from './tracker/tracker.controller.js';
import { BoardReportController } from './board-report/board-report.controller.js';

/**
 * The web pages, served at / by the service itself (README in this folder). Each journey is a
 * folder with its controller, templates and browser test; a new one is added to `controllers`.
 */
@Module({
  controllers: [
    AssetsController,
    SignInController,
    MyWorkController,
    AuditController,
    DiscussionController,
    EscalationController,
    FeedbackController,
    ActionsController,
    AgreeActionController,
    NotificationsController,
    ModerationController,
    DisputesController,
    UoppController,
    HistoryController,
    CyclesController,
    SelectionController,
    ProgrammeController,
    PeopleController,
    QualityController,
    OversightController,
    TrackerImportController,
    ProgressController,
    TrackerController,
    BoardReportController,
  ],
  providers: [{ provide: VIEWS, useFactory: () => createViews() }, GraphqlClient, SessionStore, WebSessionGuard, WebErrorsFilter, OidcSignIn, TrackerImportClient],
})
export class WebModule implements NestModule {
  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(cookieParser(cookieSecret(this.settings))).forRoutes('{*path}');
    // The tracker upload is the one multipart form: read before the guard checks its _csrf.
    consumer.apply(trackerUploadMiddleware).forRoutes({ path: 'audit-team/tracker-import', method: RequestMethod.POST });
  }
}
