import { Module } from '@nestjs/common';
import { ProgressCommandHandler } from './commands/progress-commands.js';
import { ProgressResolver } from './progress.resolver.js';

/** The EH coordinator lead's weekly progress on Inadequate work (REP-8, REP-9). */
@Module({ providers: [ProgressResolver, ProgressCommandHandler] })
export class ProgressModule {}
