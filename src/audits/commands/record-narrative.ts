import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { RecordNarrativeInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

export class RecordNarrativeCommand extends Command<string> {
  constructor(
    readonly input: RecordNarrativeInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordNarrativeCommand)
export class RecordNarrativeHandler implements ICommandHandler<RecordNarrativeCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RecordNarrativeCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'AUDITOR', correlationId, (state, decision) => ({
      type: 'RecordNarrative',
      ...decision,
      data: { auditId: input.auditId, section: input.section, question: input.question, text: input.text },
      template: this.audits.templateOf(state),
    }));
    return input.auditId;
  }
}
