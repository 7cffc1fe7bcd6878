import { Module } from '@nestjs/common';
import { AllocateAuditHandler } from './commands/allocate-audit.js';
import { AuditWriter } from './commands/audit-writer.js';
import { SetGradeHandler } from './commands/set-grade.js';
import { AuditQueries } from './audit.queries.js';
import { AuditsResolver } from './audits.resolver.js';
import { TemplatesResolver } from './templates.resolver.js';

@Module({
  providers: [AuditsResolver, TemplatesResolver, AuditQueries, AuditWriter, AllocateAuditHandler, SetGradeHandler],
  exports: [AuditQueries],
})
export class AuditsModule {}
