import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { MarkSectionNotApplicableInput, RecordCollaborativeDiscussionInput } from '../audit.types.js';
import { AuditWriter } from './audit-writer.js';

/** AUD-1: the date of the auditor's collaborative discussion with the practitioner and/or team manager. */
export class RecordCollaborativeDiscussionCommand extends Command<string> {
  constructor(
    readonly input: RecordCollaborativeDiscussionInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordCollaborativeDiscussionCommand)
export class RecordCollaborativeDiscussionHandler implements ICommandHandler<RecordCollaborativeDiscussionCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: RecordCollaborativeDiscussionCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'AUDITOR', correlationId, (_state, decision) => ({
      type: 'RecordCollaborativeDiscussion',
      ...decision,
      data: { auditId: input.auditId, discussedOn: input.discussedOn, withIds: input.withIds },
    }));
    return input.auditId;
  }
}

/** AUD-8: a graded section not relevant to the case, with the reason (templates that allow it). */
export class MarkSectionNotApplicableCommand extends Command<string> {
  constructor(
    readonly input: MarkSectionNotApplicableInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(MarkSectionNotApplicableCommand)
export class MarkSectionNotApplicableHandler implements ICommandHandler<MarkSectionNotApplicableCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: MarkSectionNotApplicableCommand): Promise<string> {
    await this.audits.run(input.auditId, principal, 'AUDITOR', correlationId, (state, decision) => ({
      type: 'MarkSectionNotApplicable',
      ...decision,
      data: { auditId: input.auditId, section: input.section, reason: input.reason },
      template: this.audits.templateOf(state),
    }));
    return input.auditId;
  }
}
