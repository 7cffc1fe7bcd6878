import { Module } from '@nestjs/common';
import { RecordDipSampleHandler, ReportDipSampleFindingsHandler, SignOffDipSampleHandler } from './commands/dip-sample-commands.js';
import { DipSampleQueries } from './dip-samples.queries.js';
import { DipSamplesResolver } from './dip-samples.resolver.js';

@Module({ providers: [DipSamplesResolver, DipSampleQueries, RecordDipSampleHandler, ReportDipSampleFindingsHandler, SignOffDipSampleHandler] })
export class DipSamplesModule {}
