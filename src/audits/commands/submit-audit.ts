import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { AuditWriter } from './audit-writer.js';

export class SubmitAuditCommand extends Command<string> {
  constructor(
    readonly auditId: string,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(SubmitAuditCommand)
export class SubmitAuditHandler implements ICommandHandler<SubmitAuditCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ auditId, principal, correlationId }: SubmitAuditCommand): Promise<string> {
    // The moderation date depends on the cycle's month, a fact from the cycle's own stream.
    const { cycleId } = await this.audits.load(auditId);
    const cycle = await this.audits.cycleState(cycleId);
    await this.audits.run(auditId, principal, 'AUDITOR', correlationId, (state, decision) => ({
      type: 'SubmitAudit',
      ...decision,
      data: { auditId },
      template: this.audits.templateOf(state),
      cycle,
    }));
    return auditId;
  }
}
