import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { SetGradeInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

export class SetGradeCommand extends Command<string> {
  constructor(
    readonly input: SetGradeInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(SetGradeCommand)
export class SetGradeHandler implements ICommandHandler<SetGradeCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: SetGradeCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'AUDITOR', correlationId, (state, decision) => ({
      type: 'SetGrade',
      ...decision,
      data: { auditId: input.auditId, section: input.section, grade: input.grade, rationale: input.rationale },
      template: this.audits.templateOf(state),
    }));
    return input.auditId;
  }
}
