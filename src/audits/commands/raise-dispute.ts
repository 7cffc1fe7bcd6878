import { newId } from '../../shared/idempotency.js';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { teamDecider } from '../../staff/decider.js';
import { streams } from '../../shared/domain-types.js';
import type { RaiseModerationDisputeInput, ModerationDispute } from '../audit.types.js';
import { disputeView } from './dispute-view.js';
import { AuditWriter, actingAs } from './audit-writer.js';

export class RaiseDisputeCommand extends Command<ModerationDispute> {
  constructor(
    readonly input: RaiseModerationDisputeInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RaiseDisputeCommand)
export class RaiseDisputeHandler implements ICommandHandler<RaiseDisputeCommand, ModerationDispute> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RaiseDisputeCommand): Promise<ModerationDispute> {
    const disputeId = newId();
    // An EH coordinator lead is recognised by their team's service matching the case team's.
    const audit = await this.audits.load(input.auditId);
    const actor = await this.audits.staffFact(principal.staffId);
    const [actorTeam, caseTeam] = await Promise.all([this.team(actor?.teamId ?? null), this.team(audit.teamId)]);
    const { state } = await this.audits.run(input.auditId, principal, actingAs(principal, 'PRACTITIONER', 'TEAM_MANAGER'), correlationId, (_state, decision) => ({
      type: 'RaiseDispute',
      ...decision,
      data: { auditId: input.auditId, disputeId, reason: input.reason },
      actorTeam,
      caseTeam,
    }));
    return disputeView(state, disputeId);
  }

  private async team(id: string | null): Promise<{ id: string; service: string } | null> {
    if (!id) return null;
    const { state, exists } = await this.audits.writeSide.load(streams.team(id), teamDecider);
    return exists ? { id: state.id, service: state.service } : null;
  }
}
