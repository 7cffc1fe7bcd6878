import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { RecordFamilyFeedbackInput, RecordPractitionerFeedbackInput } from '../audit.types.js';
import { AuditWriter, actingAs } from './audit-writer.js';

/** The family's view of the work (template section 9), recorded by the auditor. */
export class RecordFamilyFeedbackCommand extends Command<string> {
  constructor(
    readonly input: RecordFamilyFeedbackInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** The practitioner's own section (template section 10), by the practitioner or the auditor for them. */
export class RecordPractitionerFeedbackCommand extends Command<string> {
  constructor(
    readonly input: RecordPractitionerFeedbackInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordFamilyFeedbackCommand)
export class RecordFamilyFeedbackHandler implements ICommandHandler<RecordFamilyFeedbackCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RecordFamilyFeedbackCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'AUDITOR', correlationId, (_state, decision) => ({
      type: 'RecordFamilyFeedback',
      ...decision,
      data: {
        auditId: input.auditId,
        rating: input.rating ?? null,
        couldHaveTheirSay: input.couldHaveTheirSay ?? null,
        ableToAccessSupport: input.ableToAccessSupport ?? null,
        comments: input.comments ?? null,
        notCompletedReason: input.notCompletedReason ?? null,
      },
    }));
    return input.auditId;
  }
}

@CommandHandler(RecordPractitionerFeedbackCommand)
export class RecordPractitionerFeedbackHandler implements ICommandHandler<RecordPractitionerFeedbackCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RecordPractitionerFeedbackCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, actingAs(principal, 'PRACTITIONER', 'AUDITOR'), correlationId, (state, decision) => ({
      type: 'RecordPractitionerFeedback',
      ...decision,
      data: {
        auditId: input.auditId,
        comments: input.comments ?? null,
        notCompletedReason: input.notCompletedReason ?? null,
        answers: (input.answers ?? []).map((a) => ({ question: a.question, text: a.text })),
      },
      template: this.audits.templateOf(state),
    }));
    return input.auditId;
  }
}
