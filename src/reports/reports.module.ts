import { Module } from '@nestjs/common';
import { BoardReportQueries } from './board-report.queries.js';
import { BoardReportResolver } from './board-report.resolver.js';
import { PublishKeyPracticePointsHandler } from './publish-key-practice-points.js';

/** The board report and the cycle's key practice points. BoardReportQueries is exported for the board pack. */
@Module({ providers: [BoardReportResolver, BoardReportQueries, PublishKeyPracticePointsHandler], exports: [BoardReportQueries] })
export class ReportsModule {}
