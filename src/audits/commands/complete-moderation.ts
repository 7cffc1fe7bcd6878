import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { AuditWriter, actingAs } from './audit-writer.js';
import { MODERATING_ROLES, moderationGroupOf } from './moderate-grade.js';

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
    const moderationGroupIds = await moderationGroupOf(this.audits, auditId);
    await this.audits.run(auditId, principal, actingAs(principal, ...MODERATING_ROLES), correlationId, (_state, decision) => ({
      type: 'CompleteModeration',
      ...decision,
      data: { auditId },
      moderationGroupIds,
    }));
    return auditId;
  }
}
