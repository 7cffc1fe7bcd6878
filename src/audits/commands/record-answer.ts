import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { RecordAnswerInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

export class RecordAnswerCommand extends Command<string> {
  constructor(
    readonly input: RecordAnswerInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordAnswerCommand)
export class RecordAnswerHandler implements ICommandHandler<RecordAnswerCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RecordAnswerCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'AUDITOR', correlationId, (state, decision) => ({
      type: 'RecordAnswer',
      ...decision,
      data: { auditId: input.auditId, section: input.section, question: input.question, answer: input.answer, comment: input.comment ?? null },
      template: this.audits.templateOf(state),
    }));
    return input.auditId;
  }
}
