import { Module } from '@nestjs/common';
import { AgreeActionHandler } from './commands/agree-action.js';
import { AllocateAuditHandler } from './commands/allocate-audit.js';
import { AuditWriter } from './commands/audit-writer.js';
import { CompleteModerationHandler } from './commands/complete-moderation.js';
import { DiscussDisputeHandler } from './commands/discuss-dispute.js';
import { AcknowledgeActionHandler, CompleteActionHandler, DropActionHandler, ProgressActionHandler } from './commands/follow-up-action.js';
import { InvalidateAuditHandler } from './commands/invalidate-audit.js';
import { ModerateGradeHandler } from './commands/moderate-grade.js';
import { RaiseDisputeHandler } from './commands/raise-dispute.js';
import { RaiseEscalationHandler } from './commands/raise-escalation.js';
import { ReallocateAuditHandler } from './commands/reallocate-audit.js';
import { RecordAnswerHandler } from './commands/record-answer.js';
import { RecordNarrativeHandler } from './commands/record-narrative.js';
import { EscalateToDivisionalDirectorHandler } from './commands/escalate-to-divisional-director.js';
import { RecordFamilyFeedbackHandler, RecordPractitionerFeedbackHandler } from './commands/record-feedback.js';
import { RecordUrgentIssuesAddressedHandler } from './commands/record-urgent-issues-addressed.js';
import { RecordUoPPMeetingHandler } from './commands/record-uopp-meeting.js';
import { ResolveDisputeHandler } from './commands/resolve-dispute.js';
import { ReturnForRectificationHandler } from './commands/return-for-rectification.js';
import { SetGradeHandler } from './commands/set-grade.js';
import { SubmitAuditHandler } from './commands/submit-audit.js';
import { MarkSectionNotApplicableHandler, RecordCollaborativeDiscussionHandler } from './commands/during-the-audit.js';
import { ActionsResolver } from './actions.resolver.js';
import { AuditQueries } from './audit.queries.js';
import { AuditsResolver } from './audits.resolver.js';
import { DisputesResolver } from './disputes.resolver.js';
import { TemplatesResolver } from './templates.resolver.js';
import { ImprovementQueries } from './improvement.queries.js';
import { ImprovementResolver } from './improvement.resolver.js';

const COMMAND_HANDLERS = [
  AllocateAuditHandler,
  RecordAnswerHandler,
  RecordNarrativeHandler,
  SetGradeHandler,
  SubmitAuditHandler,
  RecordCollaborativeDiscussionHandler,
  MarkSectionNotApplicableHandler,
  ReturnForRectificationHandler,
  InvalidateAuditHandler,
  ReallocateAuditHandler,
  ModerateGradeHandler,
  CompleteModerationHandler,
  RecordUoPPMeetingHandler,
  RaiseDisputeHandler,
  DiscussDisputeHandler,
  ResolveDisputeHandler,
  AgreeActionHandler,
  ProgressActionHandler,
  CompleteActionHandler,
  DropActionHandler,
  AcknowledgeActionHandler,
  RaiseEscalationHandler,
  RecordFamilyFeedbackHandler,
  RecordPractitionerFeedbackHandler,
  RecordUrgentIssuesAddressedHandler,
  EscalateToDivisionalDirectorHandler,
];

@Module({
  providers: [
    AuditsResolver,
    DisputesResolver,
    ActionsResolver,
    TemplatesResolver,
    ImprovementResolver,
    AuditQueries,
    ImprovementQueries,
    AuditWriter,
    ...COMMAND_HANDLERS,
  ],
  exports: [AuditQueries],
})
export class AuditsModule {}
