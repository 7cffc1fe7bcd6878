import { newId } from '../../shared/idempotency.js';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { AgreeActionInput } from '../audit.types.js';
import { AuditWriter, actingAs } from './audit-writer.js';

/** Resolves to the new action's id. */
export class AgreeActionCommand extends Command<string> {
  constructor(
    readonly input: AgreeActionInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(AgreeActionCommand)
export class AgreeActionHandler implements ICommandHandler<AgreeActionCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: AgreeActionCommand): Promise<string> {
    const actionId = newId();
    const owner = await this.audits.staffFact(input.ownerId);
    await this.audits.run(input.auditId, principal, actingAs(principal, 'AUDITOR', 'AUDIT_MANAGER', 'AUDIT_TEAM'), correlationId, (_state, decision) => ({
      type: 'AgreeAction',
      ...decision,
      data: { auditId: input.auditId, actionId, description: input.description, ownerId: input.ownerId, dueOn: input.dueOn, scope: input.scope },
      owner,
    }));
    return actionId;
  }
}
