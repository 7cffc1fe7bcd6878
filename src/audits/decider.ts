import type { Decider } from '../shared/decider.js';
import { badInput, conflict, forbidden, notFound, type DomainError } from '../shared/errors.js';
import {
  ACTION_SCOPES,
  ANSWERS,
  GRADES,
  OVERALL,
  gradeRank,
  isBelowGood,
  type ActionScope,
  type ActionStatus,
  type Answer,
  type AuditStatus,
  type Grade,
  type LocalDate,
} from '../shared/domain-types.js';
import { isLocalDate } from '../calendar/working-calendar.js';
import { isExempted, optionalText, requireRole, requireText, untrainedAuditorRefusal, type CommandContext, type StaffFact } from '../staff/decider.js';
import type { CycleFact } from '../cycles/decider.js';
import { unapprovedKloesRefusal } from '../cycles/kloe-approval.js';
import { DEFAULT_TEMPLATE_ID, type AuditTemplate } from './templates/index.js';
import type { AuditEvent, DisputeParty, NotificationRecipient } from './events.js';
import { overallGradeInconsistencies, suggestOverall, suggestOverallGrade } from './grading.js';
import { improvementEvidence, type GradedWork } from './improvement.js';
import * as deadlines from './deadlines.js';
import { reviseFollowUps } from './rules/follow-ups.js';
import { markSectionNotApplicable, recordCollaborativeDiscussion, type MarkSectionNotApplicable, type RecordCollaborativeDiscussion } from './rules/during-the-audit.js';

export type { MarkSectionNotApplicable, RecordCollaborativeDiscussion } from './rules/during-the-audit.js';
import { acknowledgeAction, type AcknowledgeAction } from './rules/acknowledge-action.js';
export type { AcknowledgeAction } from './rules/acknowledge-action.js';
import { applyModerationSample, requireChosenForModeration, type ApplyModerationSample } from './rules/moderation-sample.js';
export type { ApplyModerationSample } from './rules/moderation-sample.js';
import { requireActionToGood, requireCollaborativeDiscussion, requireMinimumAttendance } from './rules/submission.js';

// ---------------------------------------------------------------------------------------------
// State

export type ActionState = {
  id: string;
  description: string;
  ownerId: string;
  dueOn: LocalDate;
  scope: ActionScope;
  status: ActionStatus;
};

export type DisputeState = {
  id: string;
  raisedById: string;
  raisedAs: DisputeParty;
  /** OPEN until discussed; UNRESOLVED after a discussion that did not settle it; then SETTLED or DECIDED. */
  status: 'OPEN' | 'UNRESOLVED' | 'SETTLED' | 'DECIDED';
  /** The overall grade when it was settled or decided; null while it is open. */
  closedAtGrade: Grade | null;
};

/** `grade` is the overall grade the meeting started from. */
export type UoppMeeting = { heldOn: LocalDate; chairId: string; meeting: 'INITIAL' | 'FOLLOW_UP'; grade: Grade };

export type AuditState = {
  allocated: boolean;
  id: string;
  cycleId: string;
  caseRef: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
  templateId: string;
  templateVersion: number;
  reauditOfAuditId: string | null;
  status: AuditStatus | null;
  /** answers[section][question] */
  answers: Record<string, Record<string, Answer>>;
  /** The auditor's grade per section key, OVERALL included. */
  auditorGrades: Record<string, Grade>;
  /** The moderator's decisions since the latest submission, per section key. */
  moderatorGrades: Record<string, Grade>;
  submittedOn: LocalDate | null;
  /** The auditor's overall grade at the latest submission. */
  initialGrade: Grade | null;
  moderationDue: LocalDate | null;
  rectifyBy: LocalDate | null;
  inadequateNotified: boolean;
  moderatedOn: LocalDate | null;
  moderatedGrade: Grade | null;
  /** The latest overall grade, after any UoPP revision or dispute decision. */
  currentGrade: Grade | null;
  uoppDue: LocalDate | null;
  urgentIssuesDue: LocalDate | null;
  urgentIssuesAddressedOn: LocalDate | null;
  followUpUoppDue: LocalDate | null;
  dipAuditDue: LocalDate | null;
  reauditRequired: boolean;
  uoppMeetings: UoppMeeting[];
  disputes: Record<string, DisputeState>;
  /** Dispute ids in the order they were raised. */
  disputeOrder: string[];
  actions: Record<string, ActionState>;
  escalationIds: string[];
  familyFeedbackRecorded: boolean;
  practitionerFeedbackRecorded: boolean;
  /** Moderated below Good: the date the work must have improved by, or it goes to the divisional director. */
  improvementEscalationDue: LocalDate | null;
  escalatedToDirectorOn: LocalDate | null;
  /** AUD-1: the latest date of the collaborative discussion with the practitioner. */
  collaborativeDiscussionOn: LocalDate | null;
  /** AUD-8: graded sections the auditor marked not applicable, with the reason. */
  notApplicable: Record<string, string>;
  /** AUD-5: case actions the practitioner has acknowledged. */
  acknowledgedActionIds: string[];
  /** AUD-10: on a template moderated by sample, whether the month's sample chose the audit; null before the draw. */
  moderationSample: 'IN_SAMPLE' | 'OUTSIDE_SAMPLE' | null;
};

const initialState = (): AuditState => ({
  allocated: false,
  id: '',
  cycleId: '',
  caseRef: '',
  teamId: '',
  practitionerId: '',
  teamManagerId: '',
  auditorId: '',
  moderatorId: '',
  templateId: '',
  templateVersion: 0,
  reauditOfAuditId: null,
  status: null,
  answers: {},
  auditorGrades: {},
  moderatorGrades: {},
  submittedOn: null,
  initialGrade: null,
  moderationDue: null,
  rectifyBy: null,
  inadequateNotified: false,
  moderatedOn: null,
  moderatedGrade: null,
  currentGrade: null,
  uoppDue: null,
  urgentIssuesDue: null,
  urgentIssuesAddressedOn: null,
  followUpUoppDue: null,
  dipAuditDue: null,
  reauditRequired: false,
  uoppMeetings: [],
  disputes: {},
  disputeOrder: [],
  actions: {},
  escalationIds: [],
  familyFeedbackRecorded: false,
  practitionerFeedbackRecorded: false,
  improvementEscalationDue: null,
  escalatedToDirectorOn: null,
  collaborativeDiscussionOn: null,
  notApplicable: {},
  acknowledgedActionIds: [],
  moderationSample: null,
});

// ---------------------------------------------------------------------------------------------
// Commands. Facts about other aggregates are gathered by the handler; null means "not found".

/** What a grading rule needs of the audit's template (an AuditTemplate will do). */
export type TemplateFact = Pick<AuditTemplate, 'id' | 'version' | 'sections'> &
  Partial<Pick<AuditTemplate, 'kind' | 'collaborativeDiscussion' | 'sectionsMayBeNotApplicable' | 'moderationSamplePercent'>>;

/** The template of the audit's own version: findTemplate(state.templateId, state.templateVersion). */
type WithTemplate = { template: TemplateFact | undefined };

export type AllocateAudit = CommandContext & {
  type: 'AllocateAudit';
  /** auditId is generated by the handler; templateId defaults to DEFAULT_TEMPLATE_ID. */
  data: {
    auditId: string;
    cycleId: string;
    caseRef: string;
    teamId: string;
    practitionerId: string;
    teamManagerId: string;
    auditorId: string;
    moderatorId: string;
    templateId?: string | null;
    reauditOfAuditId?: string | null;
  } & Partial<CaseFacts>;
  cycle: CycleFact | null;
  /** A past allocation brought in from a tracker (src/imports): made before the service held BEF-4 and PPL-3. */
  imported?: boolean;
  team: { id: string; service?: string } | null;
  practitioner: StaffFact | null;
  teamManager: StaffFact | null;
  auditor: StaffFact | null;
  moderator: StaffFact | null;
  /** findTemplate(data.templateId ?? DEFAULT_TEMPLATE_ID): the latest version. */
  template: TemplateFact | undefined;
  /** For a re-audit: the state of the audit it follows up. */
  reauditOf?: AuditState | null;
  /** The service's own earlier audits of the same case (not invalidated), for "audited previously". */
  previousAudits?: readonly EarlierAudit[];
};

/** The case facts of the Early Help template's header (003), as recorded at allocation. */
export type CaseFacts = {
  auditedBefore: boolean | null;
  previousAuditOn: LocalDate | null;
  ethnicity: string | null;
  childAge: number | null;
  monthsOpen: number | null;
};

/** An earlier audit of a case: audited on the day it was allocated. */
export type EarlierAudit = { auditId: string; auditedOn: LocalDate };

/** A free-text template question (answers: []) is answered in words, not with YES/NO/N/A/Partially. */
export type RecordNarrative = CommandContext &
  WithTemplate & {
    type: 'RecordNarrative';
    data: { auditId: string; section: string; question: string; text: string };
  };

export type RecordAnswer = CommandContext &
  WithTemplate & {
    type: 'RecordAnswer';
    data: { auditId: string; section: string; question: string; answer: Answer; comment?: string | null };
  };

export type SetGrade = CommandContext &
  WithTemplate & {
    type: 'SetGrade';
    data: { auditId: string; section: string; grade: Grade; rationale: string };
  };

/** Facts about the audit's cycle, for deadlines. */
type WithCycle = { cycle: CycleFact | null };

export type SubmitAudit = CommandContext & WithTemplate & WithCycle & { type: 'SubmitAudit'; data: { auditId: string } };

export type ReturnForRectification = CommandContext & {
  type: 'ReturnForRectification';
  data: { auditId: string; reason: string; rectifyBy: LocalDate };
};

export type InvalidateAudit = CommandContext & { type: 'InvalidateAudit'; data: { auditId: string; reason: string } };

export type ReallocateAudit = CommandContext & {
  type: 'ReallocateAudit';
  /** The auditor and moderator after the change (either may be the current one). */
  data: { auditId: string; auditorId: string; moderatorId: string; reason: string };
  auditor: StaffFact | null;
  moderator: StaffFact | null;
};

/** AUD-13: the moderation group of the audit's cycle, when the programme moderates it by group. */
type WithModerationGroup = { moderationGroupIds?: readonly string[] };

export type ModerateGrade = CommandContext &
  WithTemplate &
  WithModerationGroup & {
    type: 'ModerateGrade';
    data: { auditId: string; section: string; grade: Grade; rationale: string };
  };

export type CompleteModeration = CommandContext & WithModerationGroup & { type: 'CompleteModeration'; data: { auditId: string } };

export const LINKED_PLANS = ['EHA', 'TAF', 'TAC'] as const;
export type LinkedPlan = (typeof LINKED_PLANS)[number];

export type RecordUoPPMeeting = CommandContext & {
  type: 'RecordUoPPMeeting';
  data: {
    auditId: string;
    heldOn: LocalDate;
    chairId: string;
    attendeeIds: string[];
    revisedGrade?: Grade | null;
    rationale?: string | null;
    linkedPlan?: LinkedPlan | null;
  };
  chair: StaffFact | null;
  /** The attendees found; an id in data.attendeeIds without a fact here is unknown. */
  attendees: readonly StaffFact[];
  /** For an EH coordinator lead in the chair of the follow-up: their team and the team holding the case (service of each). */
  chairTeam?: { id: string; service: string } | null;
  caseTeam?: { id: string; service: string } | null;
};

export type RaiseDispute = CommandContext & {
  type: 'RaiseDispute';
  /** disputeId is generated by the handler. */
  data: { auditId: string; disputeId: string; reason: string };
  /** For an EH coordinator lead: the actor's own team and the team holding the case (service of each). */
  actorTeam?: { id: string; service: string } | null;
  caseTeam?: { id: string; service: string } | null;
};

export type DiscussDispute = CommandContext & {
  type: 'DiscussDispute';
  data: { auditId: string; disputeId: string; resolved: boolean; note: string };
};

export type ResolveDispute = CommandContext & {
  type: 'ResolveDispute';
  data: { auditId: string; disputeId: string; grade: Grade; rationale: string };
};

export type AgreeAction = CommandContext & {
  type: 'AgreeAction';
  /** actionId is generated by the handler. */
  data: { auditId: string; actionId: string; description: string; ownerId: string; dueOn: LocalDate; scope: ActionScope };
  owner: StaffFact | null;
};

export type ProgressAction = CommandContext & { type: 'ProgressAction'; data: { auditId: string; actionId: string; note: string } };
export type CompleteAction = CommandContext & { type: 'CompleteAction'; data: { auditId: string; actionId: string; note?: string | null } };
export type DropAction = CommandContext & { type: 'DropAction'; data: { auditId: string; actionId: string; reason: string } };

export type RaiseEscalation = CommandContext & {
  type: 'RaiseEscalation';
  /** escalationId is generated by the handler. */
  data: {
    auditId: string;
    escalationId: string;
    escalatedToIds: string[];
    escalatedOn: LocalDate;
    concern: string;
    immediateActions: string;
  };
  /** The people escalated to that were found. */
  escalatedTo: readonly StaffFact[];
};

export type RecordFamilyFeedback = CommandContext & {
  type: 'RecordFamilyFeedback';
  data: {
    auditId: string;
    rating?: number | null;
    couldHaveTheirSay?: Exclude<Answer, 'PARTIALLY'> | null;
    ableToAccessSupport?: Exclude<Answer, 'PARTIALLY'> | null;
    comments?: string | null;
    notCompletedReason?: string | null;
  };
};

export type RecordPractitionerFeedback = CommandContext &
  Partial<WithTemplate> & {
    type: 'RecordPractitionerFeedback';
    data: { auditId: string; comments?: string | null; notCompletedReason?: string | null; answers?: { question: string; text: string }[] | null };
  };

/** 000: the team manager addresses the urgent issues of Inadequate work within 2 working days. */
export type RecordUrgentIssuesAddressed = CommandContext & {
  type: 'RecordUrgentIssuesAddressed';
  data: { auditId: string; summary: string };
};

/** 000: work not improved 4 months after moderation goes to the divisional director. */
export type EscalateToDivisionalDirector = CommandContext & {
  type: 'EscalateToDivisionalDirector';
  data: { auditId: string; summary: string };
  /** The audit's dip audits and re-audits, oldest first. */
  followUps: readonly GradedWork[];
};

export type AuditCommand =
  | AllocateAudit
  | RecordAnswer
  | RecordNarrative
  | SetGrade
  | SubmitAudit
  | ReturnForRectification
  | InvalidateAudit
  | ReallocateAudit
  | ModerateGrade
  | CompleteModeration
  | RecordUoPPMeeting
  | RaiseDispute
  | DiscussDispute
  | ResolveDispute
  | AgreeAction
  | ProgressAction
  | CompleteAction
  | DropAction
  | RaiseEscalation
  | RecordFamilyFeedback
  | RecordPractitionerFeedback
  | RecordUrgentIssuesAddressed
  | EscalateToDivisionalDirector
  | RecordCollaborativeDiscussion
  | MarkSectionNotApplicable
  | AcknowledgeAction
  | ApplyModerationSample;

// ---------------------------------------------------------------------------------------------

export const auditDecider: Decider<AuditCommand, AuditEvent, AuditState> = {
  initialState,

  decide(command, state) {
    switch (command.type) {
      case 'AllocateAudit':
        return allocateAudit(command, state);
      case 'RecordAnswer':
        return recordAnswer(command, state);
      case 'RecordNarrative':
        return recordNarrative(command, state);
      case 'SetGrade':
        return setGrade(command, state);
      case 'SubmitAudit':
        return submitAudit(command, state);
      case 'ReturnForRectification':
        return returnForRectification(command, state);
      case 'InvalidateAudit':
        return invalidateAudit(command, state);
      case 'ReallocateAudit':
        return reallocateAudit(command, state);
      case 'ModerateGrade':
        return moderateGrade(command, state);
      case 'CompleteModeration':
        return completeModeration(command, state);
      case 'RecordUoPPMeeting':
        return recordUoPPMeeting(command, state);
      case 'RaiseDispute':
        return raiseDispute(command, state);
      case 'DiscussDispute':
        return discussDispute(command, state);
      case 'ResolveDispute':
        return resolveDispute(command, state);
      case 'AgreeAction':
        return agreeAction(command, state);
      case 'ProgressAction':
      case 'CompleteAction':
      case 'DropAction':
        return followUpAction(command, state);
      case 'RaiseEscalation':
        return raiseEscalation(command, state);
      case 'RecordFamilyFeedback':
        return recordFamilyFeedback(command, state);
      case 'RecordPractitionerFeedback':
        return recordPractitionerFeedback(command, state);
      case 'RecordUrgentIssuesAddressed':
        return recordUrgentIssuesAddressed(command, state);
      case 'EscalateToDivisionalDirector':
        return escalateToDivisionalDirector(command, state);
      case 'RecordCollaborativeDiscussion':
        return recordCollaborativeDiscussion(command, state);
      case 'MarkSectionNotApplicable':
        return markSectionNotApplicable(command, state);
      case 'ApplyModerationSample':
        return applyModerationSample(command, state);
      case 'AcknowledgeAction':
        return acknowledgeAction(command, state);
    }
  },

  evolve,
};

// ---------------------------------------------------------------------------------------------
// Allocation

function allocateAudit(command: AllocateAudit, state: AuditState): AuditEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'allocate audits');
  const { data } = command;
  const auditId = requireText('auditId', data.auditId);
  const caseRef = requireText('caseRef', data.caseRef);
  if (state.allocated) throw conflict(`audit ${auditId} is already allocated`);

  const cycle = found(command.cycle, 'cycle', data.cycleId);
  const team = found(command.team, 'team', data.teamId);
  const practitioner = found(command.practitioner, 'staff member', data.practitionerId);
  const teamManager = found(command.teamManager, 'staff member', data.teamManagerId);
  const auditor = found(command.auditor, 'staff member', data.auditorId);
  const moderator = found(command.moderator, 'staff member', data.moderatorId);
  const templateId = optionalText(data.templateId) ?? DEFAULT_TEMPLATE_ID;
  const template = command.template;
  if (!template || template.id !== templateId) throw notFound('template', templateId);

  if (cycle.status !== 'OPEN') throw conflict(`cycle ${cycle.id} is closed: no more audits can be allocated in it`);

  const reauditOfAuditId = optionalText(data.reauditOfAuditId);
  // AFT-4 (000 "This dip audit will be completed by the Audit Team"): a dip audit's auditor is of the
  // audit team, who train the auditors (PPL-2) rather than need their training.
  const dipAudit = isDipAudit({ templateId: template.id, reauditOfAuditId });
  if (dipAudit && !auditor.roles.includes('AUDIT_TEAM')) {
    throw badInput('auditorId', 'AFT-4: a dip audit is completed by the audit team: the auditor must hold the AUDIT_TEAM role');
  }
  checkIndependence({ auditor, moderator, practitionerId: practitioner.id, teamManagerId: teamManager.id, teamId: team.id, cycleId: cycle.id, dipAudit });
  if (practitioner.id === teamManager.id) {
    throw badInput('teamManagerId', 'the team manager must be someone other than the practitioner');
  }
  if (!command.imported) checkAllocationPreconditions(cycle, auditor, command.today, dipAudit);

  if (reauditOfAuditId !== null) checkReaudit(reauditOfAuditId, command, cycle.id, caseRef);
  const facts = caseFacts(command, caseRef);

  return [
    {
      type: 'AuditAllocated',
      data: {
        auditId,
        cycleId: cycle.id,
        caseRef,
        teamId: team.id,
        practitionerId: practitioner.id,
        teamManagerId: teamManager.id,
        auditorId: auditor.id,
        moderatorId: moderator.id,
        templateId: template.id,
        templateVersion: template.version,
        reauditOfAuditId,
        ...facts,
      },
    },
  ];
}

/** Longest a case is counted open in EH, in months (50 years): beyond that the figure is a typo. */
const MAX_MONTHS_OPEN = 600;

/**
 * The template's header (003): audited previously (and when), ethnicity, the index child's age at the
 * point of audit, and how many months the case has been open in EH. The audit team states what it
 * knows; "audited previously" is filled from the service's own earlier audits of the case when not
 * stated, and may not contradict them.
 */
function caseFacts(command: AllocateAudit, caseRef: string): CaseFacts {
  const { data, today } = command;
  const childAge = data.childAge ?? null;
  // Children's centres serve 0–19, or up to 25 with SEND (000, the Families Pledge).
  if (childAge !== null && (!Number.isInteger(childAge) || childAge < 0 || childAge > 25)) {
    throw badInput('childAge', "must be the index child's age at the point of audit in whole years, from 0 to 25");
  }
  const monthsOpen = data.monthsOpen ?? null;
  if (monthsOpen !== null && (!Number.isInteger(monthsOpen) || monthsOpen < 0 || monthsOpen > MAX_MONTHS_OPEN)) {
    throw badInput('monthsOpen', `must be the whole months the case has been open in Early Help, from 0 to ${MAX_MONTHS_OPEN}`);
  }
  const stated = data.auditedBefore ?? null;
  if (stated !== null && typeof stated !== 'boolean') throw badInput('auditedBefore', 'must be true or false');
  const statedOn = data.previousAuditOn === undefined || data.previousAuditOn === null ? null : requireDate('previousAuditOn', data.previousAuditOn);
  if (statedOn !== null && statedOn > today) throw badInput('previousAuditOn', `must not be in the future (today is ${today})`);
  if (statedOn !== null && stated === false) throw badInput('previousAuditOn', 'is given, but auditedBefore says the case was not audited before');
  const known = [...(command.previousAudits ?? [])].filter((a) => a.auditedOn <= today).sort((x, y) => (x.auditedOn < y.auditedOn ? -1 : 1)).pop();
  if (stated === false && known) {
    throw badInput('auditedBefore', `case ${caseRef} was audited before, on ${known.auditedOn} (audit ${known.auditId})`);
  }
  const auditedBefore = stated ?? (statedOn !== null || known ? true : null);
  return {
    auditedBefore,
    previousAuditOn: statedOn ?? (auditedBefore && known ? known.auditedOn : null),
    ethnicity: optionalText(data.ethnicity),
    childAge,
    monthsOpen,
  };
}

/**
 * PPL-4, PPL-5, PPL-6 (docs/rules/people.md). 000: auditors "be independent of the team in which the
 * work is situated with no direct involvement in the case"; DESIGN.md: the moderator is not the
 * auditor (nor, here, the practitioner or manager).
 */
function checkIndependence(p: {
  auditor: StaffFact;
  moderator: StaffFact;
  practitionerId: string;
  teamManagerId: string;
  teamId: string;
  cycleId: string;
  /** AFT-4: the auditor of a dip audit is of the audit team instead (checked by the caller). */
  dipAudit?: boolean;
}): void {
  const { auditor, moderator } = p;
  if (!p.dipAudit && !auditor.roles.includes('AUDITOR')) throw badInput('auditorId', 'the auditor must hold the AUDITOR role');
  if (auditor.id === p.practitionerId) throw badInput('auditorId', 'the auditor must be independent: not the practitioner of the case');
  if (auditor.id === p.teamManagerId) throw badInput('auditorId', 'the auditor must be independent: not the team manager of the case');
  if (auditor.teamId !== null && auditor.teamId === p.teamId) {
    throw badInput('auditorId', 'the auditor must be independent: not a member of the team holding the case');
  }
  if (isExempted(auditor, p.cycleId)) {
    throw badInput('auditorId', 'the auditor is exempted from auditing in this cycle by the head of service');
  }
  if (!moderator.roles.includes('MODERATOR')) throw badInput('moderatorId', 'the moderator must hold the MODERATOR role');
  if (moderator.id === auditor.id) throw badInput('moderatorId', 'the moderator must not be the auditor');
  if (moderator.id === p.practitionerId || moderator.id === p.teamManagerId) {
    throw badInput('moderatorId', 'the moderator must be independent: not the practitioner or team manager of the case');
  }
}

/** BEF-4 (approved KLOEs) and PPL-3 (a trained auditor): src/cycles/kloe-approval.ts, src/staff/decider.ts. */
function checkAllocationPreconditions(cycle: CycleFact, auditor: StaffFact, today: LocalDate, dipAudit = false): void {
  const refusal = unapprovedKloesRefusal(cycle) ?? (dipAudit ? null : untrainedAuditorRefusal(auditor, today));
  if (refusal) throw refusal;
}

/** 000: in the following cycle at least 10% of audited work that fell below Good is re-audited. */
function checkReaudit(reauditOfAuditId: string, command: AllocateAudit, cycleId: string, caseRef: string): void {
  const original = command.reauditOf;
  if (!original || !original.allocated || original.id !== reauditOfAuditId) throw notFound('audit', reauditOfAuditId);
  if (original.status !== 'MODERATED' || original.currentGrade === null) {
    throw badInput('reauditOfAuditId', 'only a moderated audit can be re-audited');
  }
  if (!isBelowGood(original.currentGrade)) {
    throw badInput('reauditOfAuditId', 'only work that fell below Good is re-audited');
  }
  if (original.cycleId === cycleId) throw badInput('reauditOfAuditId', 'a re-audit belongs to a later cycle than the original audit');
  if (original.caseRef !== caseRef) throw badInput('caseRef', 'a re-audit is of the same case as the original audit');
}

// ---------------------------------------------------------------------------------------------
// The auditor's work: answers and grades

function recordAnswer(command: RecordAnswer, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireAuditor(command, state, 'record answers');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'answers can be recorded');
  const template = auditTemplate(command, state);
  const section = template.sections.find((s) => s.key === data.section);
  if (!section) throw badInput('section', `${String(data.section)} is not a section of template ${template.id} v${template.version}`);
  const question = section.questions.find((q) => q.key === data.question);
  if (!question) throw badInput('question', `${String(data.question)} is not a question of section ${section.key}`);
  if (question.answers.length === 0) {
    throw badInput('answer', `question ${question.key} is free text, not a choice: use recordNarrative to answer it`);
  }
  if (!ANSWERS.includes(data.answer) || !question.answers.includes(data.answer)) {
    throw badInput('answer', `question ${question.key} takes one of ${question.answers.join(', ')}`);
  }
  return [
    {
      type: 'AnswerRecorded',
      data: { auditId: state.id, section: section.key, question: question.key, answer: data.answer, comment: optionalText(data.comment) },
    },
  ];
}

function recordNarrative(command: RecordNarrative, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireAuditor(command, state, 'record answers');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'answers can be recorded');
  const template = auditTemplate(command, state);
  const section = template.sections.find((s) => s.key === data.section);
  if (!section) throw badInput('section', `${String(data.section)} is not a section of template ${template.id} v${template.version}`);
  const question = section.questions.find((q) => q.key === data.question);
  if (!question) throw badInput('question', `${String(data.question)} is not a question of section ${section.key}`);
  if (question.answers.length > 0) {
    throw badInput('question', `question ${question.key} takes one of ${question.answers.join(', ')}: use recordAnswer for it`);
  }
  const text = requireText('text', data.text);
  return [{ type: 'NarrativeRecorded', data: { auditId: state.id, section: section.key, question: question.key, text } }];
}

function setGrade(command: SetGrade, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireAuditor(command, state, 'grade it');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'the auditor can grade');
  const template = auditTemplate(command, state);
  requireGradeableSection(template, data.section);
  requireGrade('grade', data.grade);
  const rationale = requireText('rationale', data.rationale);
  return [
    {
      type: 'GradeSet',
      data: {
        auditId: state.id,
        section: data.section,
        from: state.auditorGrades[data.section] ?? null,
        to: data.grade,
        rationale,
        auditorId: state.auditorId,
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Submission, the audit team's QA, reallocation

function submitAudit(command: SubmitAudit, state: AuditState): AuditEvent[] {
  requireAudit(state, command.data.auditId);
  requireAuditor(command, state, 'submit it');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'the audit can be submitted');
  const template = auditTemplate(command, state);
  const cycle = command.cycle;
  if (!cycle) throw notFound('cycle', state.cycleId);
  if (cycle.id !== state.cycleId) throw new Error(`the command must carry cycle ${state.cycleId}, the audit's own`);

  const overall = state.auditorGrades[OVERALL];
  if (!overall) throw conflict(`cannot submit: the ${OVERALL} grade is required`);
  // AUD-9: only the sections relevant to the case need a grade; one marked not applicable is left out.
  const sections = gradedSectionKeys(template).filter((key) => state.notApplicable[key] === undefined);
  const ungraded = sections.filter((key) => !state.auditorGrades[key]);
  if (ungraded.length > 0) {
    const or = template.sectionsMayBeNotApplicable ? ' (or mark it not applicable, rule AUD-9)' : '';
    throw conflict(`cannot submit: every graded section needs a grade${or}; not graded: ${ungraded.join(', ')}`);
  }

  requireActionToGood(overall, state.actions, template.kind);
  requireCollaborativeDiscussion(template.collaborativeDiscussion === 'REQUIRED', state.collaborativeDiscussionOn);

  const sectionGrades = sections.map((key) => state.auditorGrades[key]);
  const suggestion = suggestOverall(sectionGrades);
  const events: AuditEvent[] = [
    {
      type: 'AuditSubmitted',
      data: {
        auditId: state.id,
        submittedOn: command.today,
        overallGrade: overall,
        moderationDue: deadlines.moderationDue(command.calendar, cycle.month, command.today, overall),
        suggestedGrade: suggestion?.grade ?? null,
        suggestionRule: suggestion?.explanation ?? null,
        inconsistencies: overallGradeInconsistencies(overall, sectionGrades),
      },
    },
  ];
  if (isDipAudit(state)) return [...events, ...dipAuditCompleted(state, overall, command.today)];
  // 000: work the auditor deems Inadequate is notified "immediately by the auditor".
  if (overall === 'INADEQUATE' && !state.inadequateNotified) {
    events.push(inadequateNotification(state, 'INADEQUATE_SUBMITTED', command.today, state.auditorId));
  }
  return events;
}

/**
 * AFT-4 (000 "Dip audits of audits that were graded RI/ inadequate": "This dip audit will be completed
 * by the Audit Team … The findings of this dip audit will be shared with the HoS, Early Help Coordinator
 * Lead"): a dip audit completes on submission, without moderation, UoPP or follow-ups of its own; its
 * findings go to the head of service and the coordinator lead (src/notifications, DIP_AUDIT_FINDINGS).
 * AFT-5 (000 RI: "After 6 weeks the work will be re-audited by the Audit Team … If the work is still
 * deemed to require improvement it will be referred to the relevant EH Coordinator Lead to address,
 * with the Head of Service"): work the dip audit finds still below Good is referred to the coordinator lead.
 */
function dipAuditCompleted(state: AuditState, grade: Grade, today: LocalDate): AuditEvent[] {
  const events: AuditEvent[] = [
    {
      type: 'ModerationCompleted',
      data: { auditId: state.id, completedOn: today, moderatedGrade: grade, initialGrade: grade, urgentIssuesDue: null, reauditRequired: false, moderated: false },
    },
  ];
  if (isBelowGood(grade)) {
    events.push({ type: 'ReferredToCoordinatorLead', data: { auditId: state.id, originalAuditId: state.reauditOfAuditId!, grade, referredOn: today } });
  }
  return events;
}

function inadequateNotification(
  state: AuditState,
  reason: 'INADEQUATE_SUBMITTED' | 'INADEQUATE_MODERATED' | 'INADEQUATE_DECIDED',
  today: LocalDate,
  notifierId: string,
): AuditEvent {
  const recipients: NotificationRecipient[] = [
    { role: 'PRACTITIONER', staffId: state.practitionerId },
    { role: 'TEAM_MANAGER', staffId: state.teamManagerId },
    { role: 'EH_COORDINATOR_LEAD', staffId: null },
    { role: 'AUDIT_MANAGER', staffId: null },
    { role: 'HEAD_OF_SERVICE', staffId: null },
  ];
  return { type: 'NotificationRequired', data: { auditId: state.id, reason, grade: 'INADEQUATE', recipients, notifyBy: today, notifierId } };
}

/** 000: an audit not completed to a sufficient standard goes back to the auditor with a timescale. */
function returnForRectification(command: ReturnForRectification, state: AuditState): AuditEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'return an audit for rectification');
  requireAudit(state, command.data.auditId);
  requireStatus(state, ['SUBMITTED'], 'the audit can be returned for rectification');
  const reason = requireText('reason', command.data.reason);
  const rectifyBy = requireDate('rectifyBy', command.data.rectifyBy);
  if (rectifyBy < command.today) throw badInput('rectifyBy', `must not be in the past (today is ${command.today})`);
  return [
    {
      type: 'AuditReturnedForRectification',
      data: { auditId: state.id, returnedById: command.actor.staffId, returnedOn: command.today, reason, rectifyBy },
    },
  ];
}

/**
 * 000: e.g. an audit done without contacting the practitioner is likely to be invalidated. Only before
 * moderation completes: a moderated grade has fed the board report, and is challenged by dispute instead.
 */
function invalidateAudit(command: InvalidateAudit, state: AuditState): AuditEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'invalidate an audit');
  requireAudit(state, command.data.auditId);
  requireStatus(state, ['ALLOCATED', 'SUBMITTED', 'RETURNED'], 'the audit can be invalidated');
  const reason = requireText('reason', command.data.reason);
  return [{ type: 'AuditInvalidated', data: { auditId: state.id, invalidatedById: command.actor.staffId, invalidatedOn: command.today, reason } }];
}

/** A new auditor or moderator, e.g. after the head of service exempts the auditor; the same independence rules. */
function reallocateAudit(command: ReallocateAudit, state: AuditState): AuditEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'reallocate an audit');
  const { data } = command;
  requireAudit(state, data.auditId);
  const auditor = found(command.auditor, 'staff member', data.auditorId);
  const moderator = found(command.moderator, 'staff member', data.moderatorId);
  const auditorChanges = auditor.id !== state.auditorId;
  const moderatorChanges = moderator.id !== state.moderatorId;
  if (!auditorChanges && !moderatorChanges) throw badInput('auditorId', 'names the current auditor and moderator: nothing to reallocate');
  // The auditor's work is theirs once submitted; a moderator can still be replaced before moderation ends.
  if (auditorChanges) requireStatus(state, ['ALLOCATED', 'RETURNED'], 'the auditor can be changed');
  else requireStatus(state, ['ALLOCATED', 'RETURNED', 'SUBMITTED'], 'the moderator can be changed');
  const reason = requireText('reason', data.reason);
  checkIndependence({
    auditor,
    moderator,
    practitionerId: state.practitionerId,
    teamManagerId: state.teamManagerId,
    teamId: state.teamId,
    cycleId: state.cycleId,
  });
  if (auditorChanges) {
    const untrained = untrainedAuditorRefusal(auditor, command.today); // PPL-3
    if (untrained) throw untrained;
  }
  return [
    {
      type: 'AuditReallocated',
      data: {
        auditId: state.id,
        fromAuditorId: state.auditorId,
        auditorId: auditor.id,
        fromModeratorId: state.moderatorId,
        moderatorId: moderator.id,
        reason,
        reallocatedById: command.actor.staffId,
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Moderation

function moderateGrade(command: ModerateGrade, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireModeratorOrGroup(command, state, 'moderate it');
  requireStatus(state, ['SUBMITTED'], 'the audit can be moderated');
  const template = auditTemplate(command, state);
  requireChosenForModeration(template, state);
  requireGradeableSection(template, data.section);
  requireGrade('grade', data.grade);
  const rationale = requireText('rationale', data.rationale);
  return [
    {
      type: 'ModerationChanged',
      data: {
        auditId: state.id,
        section: data.section,
        // Against the moderator's own earlier decision when there is one, so the history chains.
        from: state.moderatorGrades[data.section] ?? state.auditorGrades[data.section] ?? null,
        to: data.grade,
        rationale,
        // AUD-13: who moderated: the allocated moderator, or a member of the cycle's moderation group.
        moderatorId: command.actor.staffId,
      },
    },
  ];
}

/**
 * The moderator must have decided the overall grade (agreed or changed); a section the moderator did
 * not touch keeps the auditor's grade (000: the moderator "will note any disagreement").
 */
function completeModeration(command: CompleteModeration, state: AuditState): AuditEvent[] {
  requireAudit(state, command.data.auditId);
  requireModeratorOrGroup(command, state, 'complete moderation');
  requireStatus(state, ['SUBMITTED'], 'moderation can be completed');
  const moderated = state.moderatorGrades[OVERALL];
  if (!moderated) throw conflict(`moderation is not complete: the ${OVERALL} grade has not been moderated (agree or change it first)`);
  const { calendar, today } = command;
  const events: AuditEvent[] = [
    {
      type: 'ModerationCompleted',
      data: {
        auditId: state.id,
        completedOn: today,
        moderatedGrade: moderated,
        initialGrade: state.initialGrade ?? state.auditorGrades[OVERALL],
        uoppDue: deadlines.uoppDue(calendar, today, moderated),
        urgentIssuesDue: deadlines.urgentIssuesDue(calendar, today, moderated),
        reauditRequired: isBelowGood(moderated),
      },
    },
  ];
  if (isBelowGood(moderated)) {
    events.push({
      type: 'ReauditDue',
      data: {
        auditId: state.id,
        dueOn: deadlines.dipAuditDue(calendar, today),
        moderatedGrade: moderated,
        kind: 'DIP_AUDIT',
        escalateIfNotImprovedBy: deadlines.improvementEscalationDue(calendar, today),
      },
    });
  }
  // Inadequate only after moderation: the people the auditor would have told still need to know.
  if (moderated === 'INADEQUATE' && !state.inadequateNotified) {
    events.push(inadequateNotification(state, 'INADEQUATE_MODERATED', today, state.moderatorId));
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// UoPP meetings

function recordUoPPMeeting(command: RecordUoPPMeeting, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  // 000: one meeting within 5 (3) working days of moderation; for Inadequate work a further one 6 weeks later.
  const initial = state.uoppMeetings.find((m) => m.meeting === 'INITIAL');
  const meeting: 'INITIAL' | 'FOLLOW_UP' = initial ? 'FOLLOW_UP' : 'INITIAL';
  // Naming oneself chair is not enough: only someone who may chair this meeting records it as its chair.
  const byOffice = actor.staffId === state.auditorId || actor.roles.some((r) => r === 'AUDIT_TEAM' || r === 'AUDIT_MANAGER');
  const asChair = actor.staffId === data.chairId && command.chair !== null && chairRefusal(command, state, meeting) === null;
  if (!byOffice && !asChair) throw forbidden('only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting');
  requireStatus(state, ['MODERATED'], 'a UoPP meeting can be recorded');
  requireNotDipAudit(state, 'has no UoPP meeting of its own: the UoPP meetings are those of the audit it follows up');
  const current = state.currentGrade!;

  // AFT-1/AFT-2: a follow-up is held while one is due: after a first meeting on Inadequate work still
  // Inadequate, or once a dispute decision lowered the work to Inadequate after the first meeting.
  const followUpDue =
    initial !== undefined && (state.followUpUoppDue !== null || (initial.grade === 'INADEQUATE' && state.currentGrade !== null && isBelowGood(state.currentGrade)));
  if (initial && (!followUpDue || state.uoppMeetings.length > 1)) {
    throw conflict(
      state.uoppMeetings.length > 1
        ? 'the UoPP meeting and its follow-up are already recorded'
        : 'the UoPP meeting is already recorded; a follow-up meeting is only for Inadequate work',
    );
  }

  const heldOn = requireDate('heldOn', data.heldOn);
  if (heldOn > command.today) throw badInput('heldOn', `must not be in the future (today is ${command.today})`);
  if (state.moderatedOn && heldOn < state.moderatedOn) throw badInput('heldOn', `must not be before moderation was completed on ${state.moderatedOn}`);
  if (initial && heldOn < initial.heldOn) throw badInput('heldOn', `the follow-up must not be before the first meeting on ${initial.heldOn}`);

  const chair = found(command.chair, 'staff member', data.chairId);
  const refusal = chairRefusal(command, state, meeting);
  if (refusal) throw refusal;

  if (!Array.isArray(data.attendeeIds) || data.attendeeIds.length === 0) throw badInput('attendeeIds', 'at least one attendee is required');
  const attendeeIds = [...new Set(data.attendeeIds)];
  const unknownAttendee = attendeeIds.find((id) => !command.attendees.some((s) => s.id === id));
  if (unknownAttendee !== undefined) throw notFound('staff member', unknownAttendee);
  const required = [
    { post: 'team manager', staffId: state.teamManagerId },
    { post: 'practitioner', staffId: state.practitionerId },
    ...(meeting === 'INITIAL' ? [{ post: 'auditor', staffId: state.auditorId }] : []),
  ];
  requireMinimumAttendance(required, new Set([...attendeeIds, chair.id]), meeting);

  const revisedGrade = data.revisedGrade ?? null;
  const rationale = optionalText(data.rationale);
  if (revisedGrade !== null) {
    requireGrade('revisedGrade', revisedGrade);
    if (gradeRank(revisedGrade) <= gradeRank(current)) {
      throw badInput('revisedGrade', `a UoPP meeting may raise the grade, never lower it: must be above the current ${current}`);
    }
    if (rationale === null) throw badInput('rationale', 'is required when the UoPP meeting revises the grade');
  }
  const linkedPlan = data.linkedPlan ?? null;
  if (linkedPlan !== null && !LINKED_PLANS.includes(linkedPlan)) throw badInput('linkedPlan', `must be one of ${LINKED_PLANS.join(', ')}`);

  const held: AuditEvent = {
      type: 'UoPPHeld',
      data: {
        auditId: state.id,
        heldOn,
        chairId: chair.id,
        attendeeIds,
        from: current,
        revisedGrade,
        rationale,
        meeting,
        linkedPlan,
        followUpDue: meeting === 'INITIAL' ? deadlines.followUpUoppDue(command.calendar, heldOn, current) : null,
      },
    };
  // AFT-2: a meeting that raises the grade ends the follow-ups the new grade no longer needs.
  return [held, ...reviseFollowUps(evolve(state, held), current, 'UOPP', command.today, command.calendar)];
}

/**
 * Who may chair (000): the first meeting is led by the audit manager where the moderated grade is
 * Inadequate and chaired by the auditor for RI and above. The follow-up on Inadequate work is convened
 * by the EH coordinator lead with the TM/SW: the audit manager, the case's team manager, or the EH
 * coordinator lead of the case's service (PPL-1: a role of its own) may chair it. Null when
 * `command.chair` may chair the meeting.
 */
function chairRefusal(command: RecordUoPPMeeting, state: AuditState, meeting: 'INITIAL' | 'FOLLOW_UP'): DomainError | null {
  const chair = command.chair;
  if (!chair) return null;
  if (meeting === 'INITIAL') {
    if (state.currentGrade === 'INADEQUATE') {
      return chair.roles.includes('AUDIT_MANAGER') ? null : badInput('chairId', 'for Inadequate work the audit manager chairs the UoPP meeting');
    }
    return chair.id === state.auditorId ? null : badInput('chairId', 'for work graded Requires Improvement and above the auditor chairs the UoPP meeting');
  }
  if (chair.roles.includes('AUDIT_MANAGER') || chair.id === state.teamManagerId) return null;
  const { chairTeam, caseTeam } = command;
  const coordinatorLead =
    chair.roles.includes('EH_COORDINATOR_LEAD') && chairTeam && caseTeam && chairTeam.id === chair.teamId && caseTeam.id === state.teamId && chairTeam.service === caseTeam.service;
  return coordinatorLead
    ? null
    : badInput(
        'chairId',
        "the follow-up UoPP meeting is convened by the EH coordinator lead with the TM/SW: the chair must be the audit manager, the case's team manager or the EH coordinator lead of the case's service",
      );
}

// ---------------------------------------------------------------------------------------------
// Disputes (000 "Escalation"): discussed with the moderator; if unresolved, the audit team or head of
// service makes the final decision.

function raiseDispute(command: RaiseDispute, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  const raisedAs = disputeParty(command, state);
  if (!raisedAs) throw forbidden('only the practitioner, team manager or EH coordinator lead of the case may dispute its moderation');
  requireStatus(state, ['MODERATED'], 'the moderation can be disputed');
  requireNotDipAudit(state, 'is not moderated, so there is no moderation to dispute');
  const disputeId = requireText('disputeId', data.disputeId);
  const reason = requireText('reason', data.reason);
  if (state.disputes[disputeId]) throw conflict(`dispute ${disputeId} already exists`);
  const open = Object.values(state.disputes).find((d) => d.status === 'OPEN' || d.status === 'UNRESOLVED');
  if (open) throw conflict(`dispute ${open.id} about this audit is still open`);
  // A settled or decided dispute is final for the grade it left; the same grade cannot be disputed again and again.
  const lastId = state.disputeOrder[state.disputeOrder.length - 1];
  const last = lastId === undefined ? undefined : state.disputes[lastId];
  if (last && last.closedAtGrade === state.currentGrade) {
    throw conflict(
      `dispute ${last.id} was already ${last.status.toLowerCase()} with the grade at ${last.closedAtGrade}: a further dispute may be raised only once the grade has changed since then`,
    );
  }
  return [
    {
      type: 'ModerationDisputed',
      data: { auditId: state.id, disputeId, raisedById: actor.staffId, raisedAs, raisedOn: command.today, grade: state.currentGrade!, reason },
    },
  ];
}

/**
 * PPL-1: the EH coordinator lead "for the service being audited" (000 "Escalation") holds the
 * EH_COORDINATOR_LEAD role in a team of the same service as the team holding the case.
 */
function disputeParty(command: RaiseDispute, state: AuditState): DisputeParty | null {
  const { actor } = command;
  if (actor.staffId === state.practitionerId) return 'PRACTITIONER';
  if (actor.staffId === state.teamManagerId) return 'TEAM_MANAGER';
  const { actorTeam, caseTeam } = command;
  if (actor.roles.includes('EH_COORDINATOR_LEAD') && actorTeam && caseTeam && caseTeam.id === state.teamId && actorTeam.service === caseTeam.service) {
    return 'EH_COORDINATOR_LEAD';
  }
  return null;
}

function requireDispute(state: AuditState, disputeId: string): DisputeState {
  const dispute = state.disputes[disputeId];
  if (!dispute) throw notFound('dispute', disputeId);
  return dispute;
}

function discussDispute(command: DiscussDispute, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireModerator(command, state, 'discuss a dispute about the moderation');
  const dispute = requireDispute(state, data.disputeId);
  if (dispute.status !== 'OPEN') throw conflict(`dispute ${dispute.id} was already discussed (${dispute.status})`);
  if (typeof data.resolved !== 'boolean') throw badInput('resolved', 'must say whether the discussion resolved the dispute');
  const note = requireText('note', data.note);
  return [
    {
      type: 'DisputeDiscussed',
      data: { auditId: state.id, disputeId: dispute.id, moderatorId: state.moderatorId, discussedOn: command.today, resolved: data.resolved, note },
    },
  ];
}

function resolveDispute(command: ResolveDispute, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireRole(actor, ['HEAD_OF_SERVICE', 'AUDIT_TEAM'], 'decide an unresolved dispute');
  requireAudit(state, data.auditId);
  const dispute = requireDispute(state, data.disputeId);
  if (dispute.status === 'OPEN') throw conflict(`dispute ${dispute.id} must first be discussed with the moderator`);
  if (dispute.status !== 'UNRESOLVED') throw conflict(`dispute ${dispute.id} is already ${dispute.status.toLowerCase()}`);
  requireGrade('grade', data.grade);
  const rationale = requireText('rationale', data.rationale);
  const resolved: AuditEvent = {
      type: 'DisputeResolved',
      data: {
        auditId: state.id,
        disputeId: dispute.id,
        section: OVERALL,
        source: 'DISPUTE',
        from: state.currentGrade!,
        to: data.grade,
        rationale,
        decidedById: actor.staffId,
        decidedAs: actor.roles.includes('HEAD_OF_SERVICE') ? 'HEAD_OF_SERVICE' : 'AUDIT_TEAM',
        decidedOn: command.today,
      },
    };
  // AFT-1/AFT-2: the follow-ups follow the decided grade; lowered to Inadequate, the people to tell are told now.
  const events = [resolved, ...reviseFollowUps(evolve(state, resolved), state.currentGrade!, 'DISPUTE', command.today, command.calendar)];
  if (data.grade === 'INADEQUATE' && !state.inadequateNotified) events.push(inadequateNotification(state, 'INADEQUATE_DECIDED', command.today, actor.staffId));
  return events;
}

// ---------------------------------------------------------------------------------------------
// SMART actions (004: "by 04.06.2020", not "within 5 working days"). Only CASE actions go on the
// child's record; learning actions never do.

function agreeAction(command: AgreeAction, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  const mayAgree = actor.staffId === state.auditorId || actor.roles.some((r) => r === 'AUDIT_TEAM' || r === 'AUDIT_MANAGER');
  if (!mayAgree) throw forbidden('only the allocated auditor, the audit manager or the audit team may agree actions');
  if (state.status === 'INVALIDATED') throw conflict('the audit is INVALIDATED: no actions can be agreed on it');
  const actionId = requireText('actionId', data.actionId);
  const description = requireText('description', data.description);
  const dueOn = requireDate('dueOn', data.dueOn, 'a calendar date such as 2026-06-04, not a period like "within 5 days"');
  if (dueOn < command.today) throw badInput('dueOn', `must not be in the past (today is ${command.today})`);
  if (!ACTION_SCOPES.includes(data.scope)) throw badInput('scope', `must be one of ${ACTION_SCOPES.join(', ')}`);
  const owner = found(command.owner, 'staff member', data.ownerId);
  if (state.actions[actionId]) throw conflict(`action ${actionId} already exists`);
  return [
    {
      type: 'ActionAgreed',
      data: {
        auditId: state.id,
        actionId,
        description,
        ownerId: owner.id,
        dueOn,
        scope: data.scope,
        onCaseRecord: data.scope === 'CASE',
        agreedById: actor.staffId,
        agreedOn: command.today,
      },
    },
  ];
}

/**
 * The template's "to be updated by supervisor": the owner or the case's team manager update progress
 * and complete; dropping an action needs the supervisor or the audit team, and a reason.
 */
function followUpAction(command: ProgressAction | CompleteAction | DropAction, state: AuditState): AuditEvent[] {
  const { data, actor, today } = command;
  requireAudit(state, data.auditId);
  const action = state.actions[data.actionId];
  if (!action) throw notFound('action', data.actionId);
  const isOwner = actor.staffId === action.ownerId;
  const isSupervisor = actor.staffId === state.teamManagerId;
  if (command.type === 'DropAction') {
    if (!isSupervisor && !actor.roles.includes('AUDIT_TEAM')) throw forbidden("only the case's team manager or the audit team may drop an action");
  } else if (!isOwner && !isSupervisor) {
    throw forbidden("only the action's owner or their supervisor may update it");
  }
  if (action.status !== 'OPEN') throw conflict(`action ${action.id} is ${action.status}: only an OPEN action can change`);
  const base = { auditId: state.id, actionId: action.id };
  switch (command.type) {
    case 'ProgressAction':
      return [{ type: 'ActionProgressed', data: { ...base, note: requireText('note', command.data.note), progressedById: actor.staffId, progressedOn: today } }];
    case 'CompleteAction':
      return [{ type: 'ActionCompleted', data: { ...base, note: optionalText(command.data.note), completedById: actor.staffId, completedOn: today } }];
    case 'DropAction':
      return [{ type: 'ActionDropped', data: { ...base, reason: requireText('reason', command.data.reason), droppedById: actor.staffId, droppedOn: today } }];
  }
}

// ---------------------------------------------------------------------------------------------
// Escalation of a safety concern (003: "escalate it immediately with the Team Manager and EH
// Coordinator. Please note who it has been escalated to and date of escalation – any immediate actions").

function raiseEscalation(command: RaiseEscalation, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  if (actor.staffId !== state.auditorId && actor.staffId !== state.moderatorId) {
    throw forbidden('only the allocated auditor or moderator may record an escalation on this audit');
  }
  if (state.status === 'INVALIDATED') throw conflict('the audit is INVALIDATED: record the concern through the usual safeguarding route');
  const escalationId = requireText('escalationId', data.escalationId);
  const concern = requireText('concern', data.concern);
  const immediateActions = requireText('immediateActions', data.immediateActions);
  if (!Array.isArray(data.escalatedToIds) || data.escalatedToIds.length === 0) {
    throw badInput('escalatedToIds', 'say who the concern was escalated to (e.g. the team manager and EH coordinator)');
  }
  const escalatedToIds = [...new Set(data.escalatedToIds)];
  const unknown = escalatedToIds.find((id) => !command.escalatedTo.some((s) => s.id === id));
  if (unknown !== undefined) throw notFound('staff member', unknown);
  const escalatedOn = requireDate('escalatedOn', data.escalatedOn);
  if (escalatedOn > command.today) throw badInput('escalatedOn', `must not be in the future (today is ${command.today})`);
  if (state.escalationIds.includes(escalationId)) throw conflict(`escalation ${escalationId} already exists`);
  return [
    {
      type: 'EscalationRaised',
      data: { auditId: state.id, escalationId, raisedById: actor.staffId, escalatedToIds, escalatedOn, concern, immediateActions },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// 000 "6-month re-audit": "If any work has not improved by 4 months, the work will be escalated by the
// audit team to the Divisional Director and reported to the CSCIB".

function escalateToDivisionalDirector(command: EscalateToDivisionalDirector, state: AuditState): AuditEvent[] {
  const { data, actor, today } = command;
  requireRole(actor, ['AUDIT_TEAM'], 'escalate work to the divisional director');
  requireAudit(state, data.auditId);
  const summary = requireText('summary', data.summary);
  const dueOn = state.improvementEscalationDue;
  if (dueOn === null) throw conflict('only work moderated below Good, with a re-audit due, can be escalated to the divisional director');
  if (state.escalatedToDirectorOn !== null) throw conflict(`the work was already escalated to the divisional director on ${state.escalatedToDirectorOn}`);
  if (today < dueOn) throw conflict(`the work has until ${dueOn} (4 months after moderation) to improve before it is escalated`);
  const evidence = improvementEvidence({ auditId: state.id, status: state.status, currentGrade: state.currentGrade }, command.followUps);
  if (evidence.improved) {
    const where = evidence.evidenceAuditId ? `the follow-up audit ${evidence.evidenceAuditId}` : 'the audit';
    throw conflict(`the work has improved (${evidence.grade} in ${where}): only work still below Good is escalated`);
  }
  return [
    {
      type: 'EscalatedToDivisionalDirector',
      data: { auditId: state.id, dueOn, escalatedOn: today, escalatedById: actor.staffId, grade: evidence.grade!, evidenceAuditId: evidence.evidenceAuditId, summary },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Feedback (003 sections 9 and 10: "Please give reason if not able to complete")

const FAMILY_ANSWERS = ['YES', 'NO', 'NOT_APPLICABLE'] as const;

function recordFamilyFeedback(command: RecordFamilyFeedback, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireAuditor(command, state, 'record the family’s feedback');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'feedback can be recorded');
  const rating = data.rating ?? null;
  const notCompletedReason = optionalText(data.notCompletedReason);
  if (rating === null && notCompletedReason === null) {
    throw badInput('rating', 'give the family’s rating from 1 to 5, or the reason it could not be had (notCompletedReason)');
  }
  if (rating !== null && (!Number.isInteger(rating) || rating < 1 || rating > 5)) {
    throw badInput('rating', 'must be a whole number from 1 (not good) to 5 (excellent)');
  }
  for (const field of ['couldHaveTheirSay', 'ableToAccessSupport'] as const) {
    const value = data[field];
    if (value !== undefined && value !== null && !FAMILY_ANSWERS.includes(value)) throw badInput(field, `must be one of ${FAMILY_ANSWERS.join(', ')}`);
  }
  return [
    {
      type: 'FamilyFeedbackRecorded',
      data: {
        auditId: state.id,
        recordedById: command.actor.staffId,
        recordedOn: command.today,
        rating,
        couldHaveTheirSay: data.couldHaveTheirSay ?? null,
        ableToAccessSupport: data.ableToAccessSupport ?? null,
        comments: optionalText(data.comments),
        notCompletedReason: rating === null ? notCompletedReason : null,
      },
    },
  ];
}

/** The practitioner's own section of the template (003 section 10), whose questions they answer. */
export const PRACTITIONER_SECTION = 'S10_PRACTITIONER_FEEDBACK';

/**
 * AUD-6 (000 "The practitioner should complete their own section in the audit"): the practitioner of
 * the case answers their section themself, question by question (the template's seven) and/or in a
 * comment. The auditor may record only why it could not be completed (003 "Please give reason if not
 * able to complete"). A later record replaces the earlier one.
 */
function recordPractitionerFeedback(command: RecordPractitionerFeedback, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  const isPractitioner = actor.staffId === state.practitionerId;
  if (!isPractitioner && actor.staffId !== state.auditorId) {
    throw forbidden('only the practitioner of the case or the allocated auditor may record practitioner feedback');
  }
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'feedback can be recorded');
  const comments = optionalText(data.comments);
  const notCompletedReason = optionalText(data.notCompletedReason);
  const answers = practitionerAnswers(command, state);
  if (!isPractitioner && (comments !== null || answers.length > 0)) {
    throw forbidden('the practitioner answers their own section (rule AUD-6): the auditor may record only why it could not be completed (notCompletedReason)');
  }
  if (comments === null && answers.length === 0 && notCompletedReason === null) {
    throw badInput('comments', 'give the practitioner’s feedback, or the reason it could not be completed (notCompletedReason)');
  }
  const completed = comments !== null || answers.length > 0;
  return [
    {
      type: 'PractitionerFeedbackRecorded',
      data: {
        auditId: state.id,
        recordedById: actor.staffId,
        recordedOn: command.today,
        comments,
        notCompletedReason: completed ? null : notCompletedReason,
        ...(answers.length > 0 ? { answers } : {}),
      },
    },
  ];
}

/** The answers to the practitioner's section, each a question of it answered once, in the template's order. */
function practitionerAnswers(command: RecordPractitionerFeedback, state: AuditState): { question: string; text: string }[] {
  const given = command.data.answers ?? [];
  if (!Array.isArray(given) || given.length === 0) return [];
  const template = auditTemplate({ template: command.template }, state);
  const section = template.sections.find((s) => s.key === PRACTITIONER_SECTION);
  if (!section) throw badInput('answers', `template ${template.id} v${template.version} has no practitioner section: give comments instead`);
  const seen = new Set<string>();
  const answers = given.map((a, i) => {
    const question = section.questions.find((q) => q.key === a.question);
    if (!question) throw badInput(`answers[${i}].question`, `${String(a.question)} is not a question of ${PRACTITIONER_SECTION} (${section.questions.map((q) => q.key).join(', ')})`);
    if (seen.has(question.key)) throw badInput(`answers[${i}].question`, `${question.key} is answered more than once`);
    seen.add(question.key);
    return { question: question.key, text: requireText(`answers[${i}].text`, a.text) };
  });
  const order = section.questions.map((q) => q.key);
  return answers.sort((x, y) => order.indexOf(x.question) - order.indexOf(y.question));
}

/**
 * 000: "The Team Manager will address urgent issues identified within 2 working days or sooner of the
 * moderated outcome" (Inadequate work). The case's team manager records that it was done; late is
 * recorded as late, not refused.
 */
function recordUrgentIssuesAddressed(command: RecordUrgentIssuesAddressed, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  if (actor.staffId !== state.teamManagerId) throw forbidden('only the team manager of the case may record that its urgent issues were addressed');
  requireStatus(state, ['MODERATED'], 'urgent issues can be recorded as addressed');
  if (state.urgentIssuesDue === null) {
    throw conflict(`audit ${state.id} has no urgent issues to address: they follow work moderated Inadequate`);
  }
  if (state.urgentIssuesAddressedOn !== null) {
    throw conflict(`the urgent issues of audit ${state.id} were already recorded as addressed on ${state.urgentIssuesAddressedOn}`);
  }
  const summary = requireText('summary', data.summary);
  return [
    {
      type: 'UrgentIssuesAddressed',
      data: { auditId: state.id, addressedById: actor.staffId, addressedOn: command.today, dueOn: state.urgentIssuesDue, summary },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Guards

function found<T>(fact: T | null | undefined, what: string, id: string): T {
  if (fact === null || fact === undefined) throw notFound(what, id);
  return fact;
}

/** AFT-4 (000 "Dip audits of audits that were graded RI/ inadequate"): the audit team's brief check. */
export function isDipAudit(state: Pick<AuditState, 'templateId' | 'reauditOfAuditId'>): boolean {
  return state.templateId === 'dip-sample' && state.reauditOfAuditId !== null;
}

function requireNotDipAudit(state: AuditState, why: string): void {
  if (isDipAudit(state)) throw conflict(`AFT-4: a dip audit is the audit team's brief check of the work, and ${why}`);
}

function requireAudit(state: AuditState, auditId: string): void {
  if (!state.allocated) throw notFound('audit', auditId);
}

function requireAuditor(command: CommandContext, state: AuditState, doing: string): void {
  if (command.actor.staffId !== state.auditorId) throw forbidden(`only the allocated auditor may ${doing}`);
}

function requireModerator(command: CommandContext, state: AuditState, doing: string): void {
  if (command.actor.staffId !== state.moderatorId) throw forbidden(`only the allocated moderator may ${doing}`);
}

/**
 * AUD-13 (001 "Moderation"): where the programme moderates the cycle by group, any member of the group
 * may moderate, as long as they are independent of the case (not its auditor, practitioner or team manager).
 */
function requireModeratorOrGroup(command: CommandContext & WithModerationGroup, state: AuditState, doing: string): void {
  const me = command.actor.staffId;
  if (me === state.moderatorId) return;
  if (!(command.moderationGroupIds ?? []).includes(me)) {
    throw forbidden(`only the allocated moderator${command.moderationGroupIds?.length ? " or a member of the cycle's moderation group (AUD-13)" : ''} may ${doing}`);
  }
  if (me === state.auditorId || me === state.practitionerId || me === state.teamManagerId) {
    throw forbidden(`AUD-13: a member of the moderation group moderates only audits they are independent of: not their own audit, nor one of their own case`);
  }
}

function requireDate(field: string, value: unknown, hint = 'a date written YYYY-MM-DD'): LocalDate {
  if (typeof value !== 'string' || !isLocalDate(value)) throw badInput(field, `must be ${hint}`);
  return value;
}

function requireStatus(state: AuditState, allowed: readonly AuditStatus[], what: string): void {
  if (state.status === null || !allowed.includes(state.status)) {
    throw conflict(`the audit is ${state.status}: ${what} only while it is ${allowed.join(' or ')}`);
  }
}

function requireGrade(field: string, grade: unknown): asserts grade is Grade {
  if (!GRADES.includes(grade as Grade)) throw badInput(field, `must be one of ${GRADES.join(', ')}`);
}

/** The template the audit was allocated with; a handler that passes another one has a bug. */
function auditTemplate(command: WithTemplate, state: AuditState): TemplateFact {
  const template = command.template;
  if (!template || template.id !== state.templateId || template.version !== state.templateVersion) {
    throw new Error(`the command must carry template ${state.templateId} v${state.templateVersion}, the audit's own`);
  }
  return template;
}

/** A graded section of the audit's template, or OVERALL. */
function requireGradeableSection(template: TemplateFact, section: string): void {
  if (section === OVERALL) return;
  const found = template.sections.find((s) => s.key === section);
  if (!found) throw badInput('section', `${String(section)} is not a section of template ${template.id} v${template.version}`);
  if (!found.graded) throw badInput('section', `${section} is not a graded section; grade a graded section or ${OVERALL}`);
}

/**
 * For the audit form while the auditor works: the overall grade the section grades so far suggest, and
 * why the current overall grade looks inconsistent with them (grading.ts). Advice only; nothing is refused.
 */
export function overallGradeAdvice(state: AuditState, template: TemplateFact): { suggested: Grade | null; inconsistencies: string[] } {
  const sectionGrades = gradedSectionKeys(template)
    .map((key) => state.auditorGrades[key])
    .filter((grade): grade is Grade => grade !== undefined);
  const overall = state.auditorGrades[OVERALL];
  return {
    suggested: suggestOverallGrade(sectionGrades),
    inconsistencies: overall ? overallGradeInconsistencies(overall, sectionGrades) : [],
  };
}

/** Graded section keys of the template; OVERALL is never one of them. */
export function gradedSectionKeys(template: TemplateFact): string[] {
  return template.sections.filter((s) => s.graded && s.key !== OVERALL).map((s) => s.key);
}

// ---------------------------------------------------------------------------------------------
// evolve

function evolve(state: AuditState, event: AuditEvent): AuditState {
  switch (event.type) {
    case 'AuditAllocated': {
      const d = event.data;
      return {
        ...initialState(),
        allocated: true,
        id: d.auditId,
        cycleId: d.cycleId,
        caseRef: d.caseRef,
        teamId: d.teamId,
        practitionerId: d.practitionerId,
        teamManagerId: d.teamManagerId,
        auditorId: d.auditorId,
        moderatorId: d.moderatorId,
        templateId: d.templateId,
        templateVersion: d.templateVersion,
        reauditOfAuditId: d.reauditOfAuditId ?? null,
        status: 'ALLOCATED',
      };
    }
    case 'AnswerRecorded': {
      const { section, question, answer } = event.data;
      return { ...state, answers: { ...state.answers, [section]: { ...state.answers[section], [question]: answer } } };
    }
    case 'GradeSet': {
      const { [event.data.section]: _graded, ...notApplicable } = state.notApplicable;
      return { ...state, auditorGrades: { ...state.auditorGrades, [event.data.section]: event.data.to }, notApplicable };
    }
    case 'SectionMarkedNotApplicable': {
      const { [event.data.section]: _setAside, ...auditorGrades } = state.auditorGrades;
      return { ...state, auditorGrades, notApplicable: { ...state.notApplicable, [event.data.section]: event.data.reason } };
    }
    case 'ActionAcknowledged':
      return { ...state, acknowledgedActionIds: [...state.acknowledgedActionIds, event.data.actionId] };
    case 'CollaborativeDiscussionRecorded':
      return { ...state, collaborativeDiscussionOn: event.data.discussedOn };
    case 'AuditSubmitted':
      return {
        ...state,
        status: 'SUBMITTED',
        submittedOn: event.data.submittedOn,
        initialGrade: event.data.overallGrade,
        moderationDue: event.data.moderationDue,
        rectifyBy: null,
        moderatorGrades: {},
      };
    case 'AuditReturnedForRectification':
      // The grades the moderator judged may change: moderation starts again on resubmission.
      return { ...state, status: 'RETURNED', rectifyBy: event.data.rectifyBy, moderationDue: null, moderatorGrades: {} };
    case 'AuditInvalidated':
      return { ...state, status: 'INVALIDATED' };
    case 'AuditReallocated':
      return { ...state, auditorId: event.data.auditorId, moderatorId: event.data.moderatorId };
    case 'NotificationRequired':
      return { ...state, inadequateNotified: true };
    case 'ModerationChanged':
      return { ...state, moderatorGrades: { ...state.moderatorGrades, [event.data.section]: event.data.to } };
    case 'ModerationCompleted': {
      const d = event.data;
      return {
        ...state,
        status: 'MODERATED',
        moderatedOn: d.completedOn,
        moderatedGrade: d.moderatedGrade,
        currentGrade: d.moderatedGrade,
        uoppDue: d.uoppDue ?? null,
        urgentIssuesDue: d.urgentIssuesDue ?? null,
        reauditRequired: d.reauditRequired ?? isBelowGood(d.moderatedGrade),
        moderationSample: d.moderated === false && d.sampleId ? 'OUTSIDE_SAMPLE' : state.moderationSample,
      };
    }
    case 'ChosenForModeration':
      return { ...state, moderationSample: 'IN_SAMPLE' };
    case 'UoPPHeld': {
      const d = event.data;
      const meeting = d.meeting ?? (state.uoppMeetings.length === 0 ? 'INITIAL' : 'FOLLOW_UP');
      return {
        ...state,
        currentGrade: d.revisedGrade ?? state.currentGrade,
        uoppMeetings: [...state.uoppMeetings, { heldOn: d.heldOn, chairId: d.chairId, meeting, grade: d.from }],
        followUpUoppDue: d.followUpDue !== undefined && meeting === 'INITIAL' ? d.followUpDue : state.followUpUoppDue,
      };
    }
    case 'ReauditDue':
      return {
        ...state,
        dipAuditDue: event.data.dueOn,
        reauditRequired: true,
        improvementEscalationDue: event.data.escalateIfNotImprovedBy ?? state.improvementEscalationDue,
      };
    case 'EscalatedToDivisionalDirector':
      return { ...state, escalatedToDirectorOn: event.data.escalatedOn };
    case 'EscalationRaised':
      return { ...state, escalationIds: [...state.escalationIds, event.data.escalationId] };
    case 'ModerationDisputed': {
      const d = event.data;
      return {
        ...state,
        disputes: { ...state.disputes, [d.disputeId]: { id: d.disputeId, raisedById: d.raisedById, raisedAs: d.raisedAs, status: 'OPEN', closedAtGrade: null } },
        disputeOrder: [...state.disputeOrder, d.disputeId],
      };
    }
    case 'DisputeDiscussed':
      return event.data.resolved
        ? withDispute(state, event.data.disputeId, 'SETTLED', state.currentGrade)
        : withDispute(state, event.data.disputeId, 'UNRESOLVED', null);
    case 'DisputeResolved':
      return { ...withDispute(state, event.data.disputeId, 'DECIDED', event.data.to), currentGrade: event.data.to };
    case 'ActionAgreed': {
      const d = event.data;
      const action: ActionState = { id: d.actionId, description: d.description, ownerId: d.ownerId, dueOn: d.dueOn, scope: d.scope, status: 'OPEN' };
      return { ...state, actions: { ...state.actions, [d.actionId]: action } };
    }
    case 'ActionProgressed':
      return state;
    case 'ActionCompleted':
      return withAction(state, event.data.actionId, 'DONE');
    case 'ActionDropped':
      return withAction(state, event.data.actionId, 'DROPPED');
    case 'FamilyFeedbackRecorded':
      return { ...state, familyFeedbackRecorded: true };
    case 'PractitionerFeedbackRecorded':
      return { ...state, practitionerFeedbackRecorded: true };
    case 'UrgentIssuesAddressed':
      return { ...state, urgentIssuesAddressedOn: event.data.addressedOn };
    case 'FollowUpsRevised': {
      const d = event.data;
      return {
        ...state,
        reauditRequired: d.reauditRequired,
        dipAuditDue: d.dipAuditDue,
        improvementEscalationDue: d.escalateIfNotImprovedBy,
        urgentIssuesDue: d.urgentIssuesDue,
        uoppDue: d.uoppDue,
        followUpUoppDue: d.followUpUoppDue,
      };
    }
    default:
      return state;
  }
}

function withDispute(state: AuditState, disputeId: string, status: DisputeState['status'], closedAtGrade: Grade | null): AuditState {
  const dispute = state.disputes[disputeId];
  return dispute ? { ...state, disputes: { ...state.disputes, [disputeId]: { ...dispute, status, closedAtGrade } } } : state;
}

function withAction(state: AuditState, actionId: string, status: ActionStatus): AuditState {
  const action = state.actions[actionId];
  return action ? { ...state, actions: { ...state.actions, [actionId]: { ...action, status } } } : state;
}
