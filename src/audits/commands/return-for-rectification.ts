import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { ReturnAuditForRectificationInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

/** The audit team's QA sends a submitted audit back to the auditor with a date to put it right by. */
export class ReturnForRectificationCommand extends Command<string> {
  constructor(
    readonly input: ReturnAuditForRectificationInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ReturnForRectificationCommand)
export class ReturnForRectificationHandler implements ICommandHandler<ReturnForRectificationCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: ReturnForRectificationCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'AUDIT_TEAM', correlationId, (_state, decision) => ({
      type: 'ReturnForRectification',
      ...decision,
      data: { auditId: input.auditId, reason: input.reason, rectifyBy: input.rectifyBy },
    }));
    return input.auditId;
  }
}
