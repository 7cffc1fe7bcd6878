import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
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
    await this.audits.run(input.auditId, principal, actingAs(principal, 'AUDIT_MANAGER', 'AUDITOR', 'AUDIT_TEAM'), correlationId, (_state, decision) => ({
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
    }));
    return input.auditId;
  }
}
