import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { DiscussModerationDisputeInput, ModerationDispute } from '../audit.types.js';
import { disputeView } from './dispute-view.js';
import { AuditWriter } from './audit-writer.js';

export class DiscussDisputeCommand extends Command<ModerationDispute> {
  constructor(
    readonly input: DiscussModerationDisputeInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(DiscussDisputeCommand)
export class DiscussDisputeHandler implements ICommandHandler<DiscussDisputeCommand, ModerationDispute> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: DiscussDisputeCommand): Promise<ModerationDispute> {
    const { state } = await this.audits.run(input.auditId, principal, 'MODERATOR', correlationId, (_state, decision) => ({
      type: 'DiscussDispute',
      ...decision,
      data: { auditId: input.auditId, disputeId: input.disputeId, resolved: input.resolved, note: input.note },
    }));
    return disputeView(state, input.disputeId);
  }
}
