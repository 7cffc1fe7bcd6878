import { newId } from '../../shared/idempotency.js';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { Escalation, RaiseEscalationInput } from '../audit.types.js';
import { AuditWriter, actingAs } from './audit-writer.js';

/** Resolves to the escalation as recorded (there is no read model of escalations yet). */
export class RaiseEscalationCommand extends Command<Escalation> {
  constructor(
    readonly input: RaiseEscalationInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RaiseEscalationCommand)
export class RaiseEscalationHandler implements ICommandHandler<RaiseEscalationCommand, Escalation> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RaiseEscalationCommand): Promise<Escalation> {
    const escalationId = newId();
    const escalatedTo = await this.audits.staffFacts(input.escalatedToIds ?? []);
    const { events } = await this.audits.run(input.auditId, principal, actingAs(principal, 'AUDITOR', 'MODERATOR'), correlationId, (_state, decision) => ({
      type: 'RaiseEscalation',
      ...decision,
      data: {
        auditId: input.auditId,
        escalationId,
        escalatedToIds: input.escalatedToIds,
        escalatedOn: input.escalatedOn,
        concern: input.concern,
        immediateActions: input.immediateActions,
      },
      escalatedTo,
    }));
    const raised = events.find((event) => event.type === 'EscalationRaised');
    if (raised?.type !== 'EscalationRaised') throw new Error('RaiseEscalation appended no EscalationRaised event');
    const { data } = raised;
    return {
      id: data.escalationId,
      auditId: data.auditId,
      raisedById: data.raisedById,
      escalatedToIds: data.escalatedToIds,
      escalatedOn: data.escalatedOn,
      concern: data.concern,
      immediateActions: data.immediateActions,
    };
  }
}
