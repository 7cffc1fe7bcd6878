import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { InvalidateAuditInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

export class InvalidateAuditCommand extends Command<string> {
  constructor(
    readonly input: InvalidateAuditInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(InvalidateAuditCommand)
export class InvalidateAuditHandler implements ICommandHandler<InvalidateAuditCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: InvalidateAuditCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'AUDIT_TEAM', correlationId, (_state, decision) => ({
      type: 'InvalidateAudit',
      ...decision,
      data: { auditId: input.auditId, reason: input.reason },
    }));
    return input.auditId;
  }
}
