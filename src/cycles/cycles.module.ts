import { Module } from '@nestjs/common';
import { AuditsModule } from '../audits/audits.module.js';
import { ScheduleCycleHandler } from './commands/schedule-cycle.js';
import { AgreeKloesHandler } from './commands/agree-kloes.js';
import { CloseCycleHandler } from './commands/close-cycle.js';
import { ApproveKloesHandler, RecordKloeMeetingHandler } from './commands/kloe-meeting.js';
import { RecordPracticeDayHandler } from './commands/record-practice-day.js';
import { CyclesResolver } from './cycles.resolver.js';
import { DrawModerationSampleHandler } from './commands/draw-moderation-sample.js';
import { AppointModerationGroupHandler } from './commands/appoint-moderation-group.js';

@Module({ imports: [AuditsModule], providers: [CyclesResolver, ScheduleCycleHandler, AgreeKloesHandler, CloseCycleHandler, RecordKloeMeetingHandler, ApproveKloesHandler, RecordPracticeDayHandler, DrawModerationSampleHandler, AppointModerationGroupHandler] })
export class CyclesModule {}
