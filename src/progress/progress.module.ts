import { Module } from '@nestjs/common';
import { RecordInadequateWorkProgressHandler } from './commands/record-progress.js';
import { ProgressResolver } from './progress.resolver.js';

/** The EH coordinator lead's weekly progress on Inadequate work (REP-8, REP-9). */
@Module({ providers: [ProgressResolver, RecordInadequateWorkProgressHandler] })
export class ProgressModule {}
