import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { RecordUrgentIssuesAddressedInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

/** The team manager's record that the urgent issues of Inadequate work were addressed (000 guide). */
export class RecordUrgentIssuesAddressedCommand extends Command<string> {
  constructor(
    readonly input: RecordUrgentIssuesAddressedInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordUrgentIssuesAddressedCommand)
export class RecordUrgentIssuesAddressedHandler implements ICommandHandler<RecordUrgentIssuesAddressedCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RecordUrgentIssuesAddressedCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'TEAM_MANAGER', correlationId, (_state, decision) => ({
      type: 'RecordUrgentIssuesAddressed',
      ...decision,
      data: { auditId: input.auditId, summary: input.summary },
    }));
    return input.auditId;
  }
}
