import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { ModerateGradeInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

export class ModerateGradeCommand extends Command<string> {
  constructor(
    readonly input: ModerateGradeInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ModerateGradeCommand)
export class ModerateGradeHandler implements ICommandHandler<ModerateGradeCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: ModerateGradeCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'MODERATOR', correlationId, (state, decision) => ({
      type: 'ModerateGrade',
      ...decision,
      data: { auditId: input.auditId, section: input.section, grade: input.grade, rationale: input.rationale },
      template: this.audits.templateOf(state),
    }));
    return input.auditId;
  }
}
