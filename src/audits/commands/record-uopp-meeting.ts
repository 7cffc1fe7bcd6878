import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { teamDecider } from '../../staff/decider.js';
import { streams } from '../../shared/domain-types.js';
import type { RecordUoPPMeetingInput } from '../audit.types.js';
import { AuditWriter, actingAs } from './audit-writer.js';

export class RecordUoPPMeetingCommand extends Command<string> {
  constructor(
    readonly input: RecordUoPPMeetingInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordUoPPMeetingCommand)
export class RecordUoPPMeetingHandler implements ICommandHandler<RecordUoPPMeetingCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RecordUoPPMeetingCommand): Promise<string> {
    // Who chaired and attended are facts from the staff streams; the decider names anyone unknown.
    const [chair, attendees] = await Promise.all([this.audits.staffFact(input.chairId), this.audits.staffFacts(input.attendeeIds ?? [])]);
    // The EH coordinator lead of the case's service may chair the follow-up (PPL-1): the decider compares the services.
    const [chairTeam, caseTeam] = chair?.roles.includes('EH_COORDINATOR_LEAD')
      ? await Promise.all([this.team(chair.teamId), this.audits.load(input.auditId).then((audit) => this.team(audit.teamId))])
      : [null, null];
    const role = actingAs(principal, 'AUDIT_MANAGER', 'AUDITOR', 'AUDIT_TEAM', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD');
    await this.audits.run(input.auditId, principal, role, correlationId, (_state, decision) => ({
      type: 'RecordUoPPMeeting',
      ...decision,
      data: {
        auditId: input.auditId,
        heldOn: input.heldOn,
        chairId: input.chairId,
        attendeeIds: input.attendeeIds,
        revisedGrade: input.revisedGrade ?? null,
        rationale: input.rationale ?? null,
        linkedPlan: input.linkedPlan ?? null,
      },
      chair,
      attendees,
      chairTeam,
      caseTeam,
    }));
    return input.auditId;
  }

  private async team(id: string | null): Promise<{ id: string; service: string } | null> {
    if (!id) return null;
    const { state, exists } = await this.audits.writeSide.load(streams.team(id), teamDecider);
    return exists ? { id: state.id, service: state.service } : null;
  }
}
