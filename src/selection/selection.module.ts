import { Module } from '@nestjs/common';
import { AuditsModule } from '../audits/audits.module.js';
import { AllocateReauditHandler } from './commands/allocate-reaudit.js';
import { ProposeReauditCandidatesHandler } from './commands/propose-reaudit-candidates.js';
import { ProposeSampleHandler } from './commands/propose-sample.js';
import { SelectionQueries } from './selection.queries.js';
import { SelectionResolver } from './selection.resolver.js';

@Module({
  imports: [AuditsModule],
  providers: [SelectionResolver, SelectionQueries, ProposeSampleHandler, ProposeReauditCandidatesHandler, AllocateReauditHandler],
})
export class SelectionModule {}
