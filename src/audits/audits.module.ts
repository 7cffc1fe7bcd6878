import { Module } from '@nestjs/common';
import { AuditCommandHandler } from './commands/audit-commands.js';
import { ActionsResolver } from './actions.resolver.js';
import { AuditQueries } from './audit.queries.js';
import { AuditsResolver } from './audits.resolver.js';
import { DisputesResolver } from './disputes.resolver.js';
import { TemplatesResolver } from './templates.resolver.js';
import { ImprovementQueries } from './improvement.queries.js';
import { ImprovementResolver } from './improvement.resolver.js';

@Module({
  providers: [
    AuditsResolver,
    DisputesResolver,
    ActionsResolver,
    TemplatesResolver,
    ImprovementResolver,
    AuditQueries,
    ImprovementQueries,
    AuditCommandHandler,
  ],
  exports: [AuditQueries],
})
export class AuditsModule {}
