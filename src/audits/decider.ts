import type { Decider } from '../shared/decider.js';
import { initialAuditState, type AllocatedAudit, type AuditState } from './audit-state.js';
import type { AuditEvent } from './events.js';
import * as actions from './rules/actions.js';
import * as allocation from './rules/allocation.js';
import * as answersAndGrading from './rules/answers-and-grading.js';
import * as disputes from './rules/disputes.js';
import * as feedback from './rules/feedback.js';
import * as followUps from './rules/follow-ups.js';
import * as importedHistory from './rules/imported-history.js';
import * as inadequateNotification from './rules/inadequate-notification.js';
import * as moderation from './rules/moderation.js';
import * as safetyEscalation from './rules/safety-escalation.js';
import * as submission from './rules/submission-and-qa.js';
import * as uopp from './rules/uopp.js';

/**
 * The case audit's decider: one stream per audit (`audit-<id>`). Its rules live by capability in
 * rules/, each a decide for its commands and an evolve for its events, with its tests beside it;
 * this file routes a command to its capability's decide and an event to its evolve.
 *
 *   allocation.ts            AllocateAudit, ReallocateAudit (BEF-4, PPL-3 to PPL-6)
 *   answers-and-grading.ts   RecordAnswer, RecordNarrative, SetGrade, MarkSectionNotApplicable (AUD-8),
 *                            RecordCollaborativeDiscussion (AUD-1)
 *   feedback.ts              RecordFamilyFeedback, RecordPractitionerFeedback (AUD-6)
 *   submission-and-qa.ts     SubmitAudit (AUD-4, AUD-9, AFT-4), ReturnForRectification, InvalidateAudit
 *   moderation.ts            ModerateGrade, CompleteModeration (AUD-13), ApplyModerationSample (AUD-10)
 *   uopp.ts                  RecordUoPPMeeting (AFT-1 to AFT-3)
 *   disputes.ts              RaiseDispute (PPL-1), DiscussDispute, ResolveDispute
 *   actions.ts               AgreeAction, ProgressAction, CompleteAction, DropAction, AcknowledgeAction (AUD-5)
 *   safety-escalation.ts     RaiseEscalation
 *   follow-ups.ts            RecordUrgentIssuesAddressed, EscalateToDivisionalDirector; reviseFollowUps (AFT-1, AFT-2)
 *   inadequate-notification.ts  the notice of Inadequate work, shared by submission, moderation and disputes
 *   imported-history.ts      ImportSubmission, ImportModeration, ImportUrgentIssuesAddressed,
 *                            ImportUoPPMeeting: past work from a tracker (src/imports)
 *   guards.ts                the checks they share
 */

export type {
  ActionState,
  AllocatedAudit,
  AuditState,
  DisputeState,
  InProgressAudit,
  InvalidatedAudit,
  Moderation,
  ModeratedAudit,
  ReturnedAudit,
  SubmittedAudit,
  Submission,
  TemplateFact,
  UnallocatedAudit,
  UoppMeeting,
} from './audit-state.js';
export { currentGrade, isAllocated } from './audit-state.js';
export type { AllocateAudit, CaseFacts, EarlierAudit, ReallocateAudit } from './rules/allocation.js';
export type { RecordAnswer, RecordNarrative, SetGrade } from './rules/answers-and-grading.js';
export type { MarkSectionNotApplicable, RecordCollaborativeDiscussion } from './rules/during-the-audit.js';
export type { RecordFamilyFeedback, RecordPractitionerFeedback } from './rules/feedback.js';
export type { InvalidateAudit, ReturnForRectification, SubmitAudit } from './rules/submission-and-qa.js';
export type { CompleteModeration, ModerateGrade } from './rules/moderation.js';
export type { ApplyModerationSample } from './rules/moderation-sample.js';
export type { LinkedPlan, RecordUoPPMeeting } from './rules/uopp.js';
export type { DiscussDispute, RaiseDispute, ResolveDispute } from './rules/disputes.js';
export type { AgreeAction, CompleteAction, DropAction, ProgressAction } from './rules/actions.js';
export type { AcknowledgeAction } from './rules/acknowledge-action.js';
export type { RaiseEscalation } from './rules/safety-escalation.js';
export type { EscalateToDivisionalDirector, RecordUrgentIssuesAddressed } from './rules/follow-ups.js';
export type { ImportedHistoryCommand } from './rules/imported-history.js';

export { LINKED_PLANS } from './rules/uopp.js';
export { PRACTITIONER_SECTION } from './rules/feedback.js';
export { overallGradeAdvice } from './rules/answers-and-grading.js';
export { gradedSectionKeys, isDipAudit } from './rules/guards.js';

export type AuditCommand =
  | allocation.AllocationCommand
  | answersAndGrading.AnswersAndGradingCommand
  | feedback.FeedbackCommand
  | submission.SubmissionCommand
  | moderation.ModerationCommand
  | uopp.UoppCommand
  | disputes.DisputeCommand
  | actions.ActionCommand
  | safetyEscalation.SafetyEscalationCommand
  | followUps.FollowUpCommand
  | importedHistory.ImportedHistoryCommand;

export const auditDecider: Decider<AuditCommand, AuditEvent, AuditState> = {
  initialState: initialAuditState,
  decide,
  evolve,
};

function decide(command: AuditCommand, state: AuditState): AuditEvent[] {
  switch (command.type) {
    case 'AllocateAudit':
    case 'ReallocateAudit':
      return allocation.decide(command, state);
    case 'RecordAnswer':
    case 'RecordNarrative':
    case 'SetGrade':
    case 'MarkSectionNotApplicable':
    case 'RecordCollaborativeDiscussion':
      return answersAndGrading.decide(command, state);
    case 'RecordFamilyFeedback':
    case 'RecordPractitionerFeedback':
      return feedback.decide(command, state);
    case 'SubmitAudit':
    case 'ReturnForRectification':
    case 'InvalidateAudit':
      return submission.decide(command, state);
    case 'ModerateGrade':
    case 'CompleteModeration':
    case 'ApplyModerationSample':
      return moderation.decide(command, state);
    case 'RecordUoPPMeeting':
      return uopp.decide(command, state);
    case 'RaiseDispute':
    case 'DiscussDispute':
    case 'ResolveDispute':
      return disputes.decide(command, state);
    case 'AgreeAction':
    case 'ProgressAction':
    case 'CompleteAction':
    case 'DropAction':
    case 'AcknowledgeAction':
      return actions.decide(command, state);
    case 'RaiseEscalation':
      return safetyEscalation.decide(command, state);
    case 'RecordUrgentIssuesAddressed':
    case 'EscalateToDivisionalDirector':
      return followUps.decide(command, state);
    case 'ImportSubmission':
    case 'ImportModeration':
    case 'ImportUrgentIssuesAddressed':
    case 'ImportUoPPMeeting':
      return importedHistory.decideImportedHistory(command, state);
  }
}

function evolve(state: AuditState, event: AuditEvent): AuditState {
  if (event.type === 'AuditAllocated') return allocation.allocatedAudit(event);
  // Every other event follows the allocation: before it, every command but AllocateAudit finds no audit.
  if (state.status === 'NOT_ALLOCATED') return state;
  return evolveAllocated(state, event);
}

function evolveAllocated(state: AllocatedAudit, event: Exclude<AuditEvent, { type: 'AuditAllocated' }>): AllocatedAudit {
  switch (event.type) {
    case 'AuditReallocated':
      return allocation.evolve(state, event);
    case 'AnswerRecorded':
    case 'GradeSet':
    case 'SectionMarkedNotApplicable':
    case 'CollaborativeDiscussionRecorded':
      return answersAndGrading.evolve(state, event);
    case 'FamilyFeedbackRecorded':
    case 'PractitionerFeedbackRecorded':
      return feedback.evolve(state, event);
    case 'AuditSubmitted':
    case 'AuditReturnedForRectification':
    case 'AuditInvalidated':
      return submission.evolve(state, event);
    case 'NotificationRequired':
      return inadequateNotification.evolve(state, event);
    case 'ModerationChanged':
    case 'ModerationCompleted':
    case 'ChosenForModeration':
      return moderation.evolve(state, event);
    // UoPP meetings, disputes and follow-ups are of moderated work: each is decided only on a moderated audit.
    case 'UoPPHeld':
      return state.status === 'MODERATED' ? uopp.evolve(state, event) : state;
    case 'ModerationDisputed':
    case 'DisputeDiscussed':
    case 'DisputeResolved':
      return state.status === 'MODERATED' ? disputes.evolve(state, event) : state;
    case 'ActionAgreed':
    case 'ActionProgressed':
    case 'ActionCompleted':
    case 'ActionDropped':
    case 'ActionAcknowledged':
      return actions.evolve(state, event);
    case 'EscalationRaised':
      return safetyEscalation.evolve(state, event);
    case 'ReauditDue':
    case 'FollowUpsRevised':
    case 'UrgentIssuesAddressed':
    case 'EscalatedToDivisionalDirector':
      return state.status === 'MODERATED' ? followUps.evolve(state, event) : state;
    // NarrativeRecorded and ReferredToCoordinatorLead change nothing the rules read.
    default:
      return state;
  }
}
