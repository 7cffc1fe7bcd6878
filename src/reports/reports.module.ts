import { Module } from '@nestjs/common';
import { BoardReportQueries } from './board-report.queries.js';
import { BoardReportResolver } from './board-report.resolver.js';
import { ImprovementQueries } from '../audits/improvement.queries.js';
import { PublishKeyPracticePointsHandler } from './publish-key-practice-points.js';

/** The board report (with the 4-month escalations of ImprovementQueries) and the cycle's key practice points. BoardReportQueries is exported for the board pack. */
@Module({ providers: [BoardReportResolver, BoardReportQueries, ImprovementQueries, PublishKeyPracticePointsHandler], exports: [BoardReportQueries] })
export class ReportsModule {}
