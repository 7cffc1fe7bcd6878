import { Module } from '@nestjs/common';
import { AuditsModule } from '../audits/audits.module.js';
import { CycleCommandHandler } from './commands/cycle-commands.js';
import { CyclesResolver } from './cycles.resolver.js';

@Module({ imports: [AuditsModule], providers: [CyclesResolver, CycleCommandHandler] })
export class CyclesModule {}
