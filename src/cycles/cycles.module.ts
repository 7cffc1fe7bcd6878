import { Module } from '@nestjs/common';
import { AuditsModule } from '../audits/audits.module.js';
import { ScheduleCycleHandler } from './commands/schedule-cycle.js';
import { CyclesResolver } from './cycles.resolver.js';

@Module({ imports: [AuditsModule], providers: [CyclesResolver, ScheduleCycleHandler] })
export class CyclesModule {}
