import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { FeatureCommand, runCommand } from '../../write-side/feature-command.js';
import { WriteSide } from '../../write-side/write-side.js';
import { allocateAudit, invalidateAudit, reallocateAudit, returnAuditForRectification } from './allocating.js';
import {
  markSectionNotApplicable,
  raiseEscalation,
  recordAnswer,
  recordCollaborativeDiscussion,
  recordFamilyFeedback,
  recordNarrative,
  recordPractitionerFeedback,
  setGrade,
  submitAudit,
} from './completing.js';
import {
  acknowledgeAction,
  agreeAction,
  completeAction,
  dropAction,
  escalateToDivisionalDirector,
  progressAction,
  recordUoPPMeeting,
  recordUrgentIssuesAddressed,
} from './following-up.js';
import { completeModeration, discussModerationDispute, moderateGrade, raiseModerationDispute, resolveModerationDispute } from './moderating.js';

/** The audit's commands, by the name of the mutation that sends each; each gathers its facts and calls handleCommand. */
const AUDIT_COMMANDS = {
  allocateAudit,
  reallocateAudit,
  returnAuditForRectification,
  invalidateAudit,

  recordAnswer,
  recordNarrative,
  setGrade,
  recordCollaborativeDiscussion,
  markSectionNotApplicable,
  recordFamilyFeedback,
  recordPractitionerFeedback,
  raiseEscalation,
  submitAudit,

  moderateGrade,
  completeModeration,
  raiseModerationDispute,
  discussModerationDispute,
  resolveModerationDispute,

  recordUoPPMeeting,
  agreeAction,
  acknowledgeAction,
  progressAction,
  completeAction,
  dropAction,
  recordUrgentIssuesAddressed,
  escalateToDivisionalDirector,
};
type AuditCommandName = keyof typeof AUDIT_COMMANDS;

/** A command on an audit, e.g. `new CommandOnAudit('setGrade', input, principal, correlationId)`. */
export class CommandOnAudit<Name extends AuditCommandName> extends FeatureCommand<typeof AUDIT_COMMANDS, Name> {}

/** The one handler of the audit's commands: runs the function of the command's name. */
@CommandHandler(CommandOnAudit)
export class AuditCommandHandler implements ICommandHandler<CommandOnAudit<AuditCommandName>> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  execute(command: CommandOnAudit<AuditCommandName>) {
    return runCommand(AUDIT_COMMANDS, { writeSide: this.writeSide, dataSource: this.dataSource }, command);
  }
}
