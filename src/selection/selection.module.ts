import { Module } from '@nestjs/common';
import { AuditsModule } from '../audits/audits.module.js';
import { SelectionCommandHandler } from './commands/selection-commands.js';
import { SelectionQueries } from './selection.queries.js';
import { SelectionResolver } from './selection.resolver.js';

@Module({
  imports: [AuditsModule],
  providers: [SelectionResolver, SelectionQueries, SelectionCommandHandler],
})
export class SelectionModule {}
