import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { ResolveModerationDisputeInput, ModerationDispute } from '../audit.types.js';
import { disputeView } from './dispute-view.js';
import { AuditWriter, actingAs } from './audit-writer.js';

/** The final decision on a dispute the discussion with the moderator did not settle. */
export class ResolveDisputeCommand extends Command<ModerationDispute> {
  constructor(
    readonly input: ResolveModerationDisputeInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ResolveDisputeCommand)
export class ResolveDisputeHandler implements ICommandHandler<ResolveDisputeCommand, ModerationDispute> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: ResolveDisputeCommand): Promise<ModerationDispute> {
    const { state } = await this.audits.run(input.auditId, principal, actingAs(principal, 'HEAD_OF_SERVICE', 'AUDIT_TEAM'), correlationId, (_state, decision) => ({
      type: 'ResolveDispute',
      ...decision,
      data: { auditId: input.auditId, disputeId: input.disputeId, grade: input.grade, rationale: input.rationale },
    }));
    return disputeView(state, input.disputeId);
  }
}
