import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { AuditWriter } from './audit-writer.js';

export class CompleteModerationCommand extends Command<string> {
  constructor(
    readonly auditId: string,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(CompleteModerationCommand)
export class CompleteModerationHandler implements ICommandHandler<CompleteModerationCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ auditId, principal, correlationId }: CompleteModerationCommand): Promise<string> {
    await this.audits.run(auditId, principal, 'MODERATOR', correlationId, (_state, decision) => ({
      type: 'CompleteModeration',
      ...decision,
      data: { auditId },
    }));
    return auditId;
  }
}
