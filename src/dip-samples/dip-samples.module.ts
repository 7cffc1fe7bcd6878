import { Module } from '@nestjs/common';
import { DipSampleCommandHandler } from './commands/dip-sample-commands.js';
import { DipSampleQueries } from './dip-samples.queries.js';
import { DipSamplesResolver } from './dip-samples.resolver.js';

@Module({ providers: [DipSamplesResolver, DipSampleQueries, DipSampleCommandHandler] })
export class DipSamplesModule {}
