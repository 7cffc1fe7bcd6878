import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { ReallocateAuditInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

export class ReallocateAuditCommand extends Command<string> {
  constructor(
    readonly input: ReallocateAuditInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ReallocateAuditCommand)
export class ReallocateAuditHandler implements ICommandHandler<ReallocateAuditCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: ReallocateAuditCommand): Promise<string> {
    // An omitted auditor or moderator stays as allocated.
    const current = await this.audits.load(input.auditId);
    const auditorId = input.auditorId ?? current.auditorId;
    const moderatorId = input.moderatorId ?? current.moderatorId;
    const [auditor, moderator] = await Promise.all([this.audits.staffFact(auditorId), this.audits.staffFact(moderatorId)]);
    await this.audits.run(input.auditId, principal, 'AUDIT_TEAM', correlationId, (_state, decision) => ({
      type: 'ReallocateAudit',
      ...decision,
      data: { auditId: input.auditId, auditorId, moderatorId, reason: input.reason },
      auditor,
      moderator,
    }));
    return input.auditId;
  }
}
