import type { ActionScope, Answer, Grade, LocalDate } from '../shared/domain-types.js';

/**
 * Stream `audit-<id>`. Every grade event carries `from` so a reader of the history needs no state.
 * `section` is a template section key, or OVERALL for the audit as a whole.
 *
 * Fields added after the first slice are optional on the type (older events and fixtures lack them);
 * the decider always fills them.
 */

export type AuditAllocated = {
  type: 'AuditAllocated';
  data: {
    auditId: string;
    cycleId: string;
    caseRef: string;
    teamId: string;
    practitionerId: string;
    teamManagerId: string;
    auditorId: string;
    moderatorId: string;
    /** The template and the version the audit keeps for its whole life. */
    templateId: string;
    templateVersion: number;
    /** A re-audit in a later cycle of work that fell below Good: the audit it follows up. */
    reauditOfAuditId?: string | null;
    /**
     * The case facts the Early Help template's header asks for (003); null when not known.
     * Audited previously (and when): as the audit team states it, else from the service's own
     * earlier audits of the case (allocation date).
     */
    auditedBefore?: boolean | null;
    previousAuditOn?: LocalDate | null;
    ethnicity?: string | null;
    /** The index (or youngest) child's age at the point of audit, in whole years. */
    childAge?: number | null;
    /** How long the case has been open in Early Help, in whole months. */
    monthsOpen?: number | null;
  };
};

export type AnswerRecorded = {
  type: 'AnswerRecorded';
  data: { auditId: string; section: string; question: string; answer: Answer; comment: string | null };
};

/** The auditor's written answer to a free-text question of the template (no YES/NO choice). */
export type NarrativeRecorded = {
  type: 'NarrativeRecorded';
  data: { auditId: string; section: string; question: string; text: string };
};

/** The auditor's grade for a section or OVERALL. */
export type GradeSet = {
  type: 'GradeSet';
  data: { auditId: string; section: string; from: Grade | null; to: Grade; rationale: string; auditorId: string };
};

export type AuditSubmitted = {
  type: 'AuditSubmitted';
  data: {
    auditId: string;
    submittedOn: LocalDate;
    overallGrade: Grade;
    moderationDue: LocalDate;
    /** The overall grade the section grades suggest (grading.ts); the auditor's own grade stands. */
    suggestedGrade?: Grade | null;
    /** AUD-12: which rule gave the suggestion, in words with the counts (grading.ts); null when nothing was suggested. */
    suggestionRule?: string | null;
    /** Why the overall grade looks inconsistent with the sections, for the audit team's QA; [] when it does not. */
    inconsistencies?: string[];
  };
};

/** The audit team's QA found the audit not good enough: back to the auditor with a date to put it right. */
export type AuditReturnedForRectification = {
  type: 'AuditReturnedForRectification';
  data: { auditId: string; returnedById: string; returnedOn: LocalDate; reason: string; rectifyBy: LocalDate };
};

/** The audit no longer counts (e.g. done without contacting the practitioner). */
export type AuditInvalidated = {
  type: 'AuditInvalidated';
  data: { auditId: string; invalidatedById: string; invalidatedOn: LocalDate; reason: string };
};

/** The audit team reallocates an audit not yet submitted (e.g. after an exemption). */
export type AuditReallocated = {
  type: 'AuditReallocated';
  data: {
    auditId: string;
    fromAuditorId: string;
    auditorId: string;
    fromModeratorId: string;
    moderatorId: string;
    reason: string;
    reallocatedById: string;
  };
};

export type NotificationRecipient = {
  role: 'PRACTITIONER' | 'TEAM_MANAGER' | 'EH_COORDINATOR_LEAD' | 'AUDIT_MANAGER' | 'HEAD_OF_SERVICE';
  /** Known for the practitioner and team manager of the case; the others are posts, found by whoever sends. */
  staffId: string | null;
};

/** People who must be told at once, and why. The event records the duty; sending is done elsewhere. */
export type NotificationRequired = {
  type: 'NotificationRequired';
  data: {
    auditId: string;
    /** INADEQUATE_DECIDED: a dispute decision lowered the work to Inadequate after moderation (AFT-1). */
    reason: 'INADEQUATE_SUBMITTED' | 'INADEQUATE_MODERATED' | 'INADEQUATE_DECIDED';
    grade: Grade;
    recipients: NotificationRecipient[];
    notifyBy: LocalDate;
    /** Who owes the notification: the auditor for a submitted grade, the moderator for a moderated one. */
    notifierId: string;
  };
};

/** The moderator agrees (to === from) or changes a grade, always with a rationale. */
export type ModerationChanged = {
  type: 'ModerationChanged';
  data: { auditId: string; section: string; from: Grade | null; to: Grade; rationale: string; moderatorId: string };
};

export type ModerationCompleted = {
  type: 'ModerationCompleted';
  data: {
    auditId: string;
    completedOn: LocalDate;
    moderatedGrade: Grade;
    /** The auditor's overall grade as submitted. */
    initialGrade?: Grade;
    /** The first UoPP meeting: 5 working days after moderation, 3 for Inadequate. */
    uoppDue?: LocalDate;
    /** Inadequate only: the team manager addresses urgent issues within 2 working days. */
    urgentIssuesDue?: LocalDate | null;
    /** Moderated below Good: proposed for re-audit in the next cycle. */
    reauditRequired?: boolean;
    /**
     * AUD-10: false when the audit completed without moderation, outside the month's moderation
     * sample; moderatedGrade is then the auditor's grade, standing as the outcome. Absent: moderated.
     */
    moderated?: boolean;
    /** AUD-10: the moderation sample the audit was outside of. */
    sampleId?: string | null;
  };
};

/**
 * AFT-5 (000): the dip audit (this stream) found the work of `originalAuditId` still below Good, so it
 * is referred to the EH coordinator lead of the service to address, with the head of service.
 */
export type ReferredToCoordinatorLead = {
  type: 'ReferredToCoordinatorLead';
  data: { auditId: string; originalAuditId: string; grade: Grade; referredOn: LocalDate };
};

/** AUD-10: the audit is in the month's moderation sample (ModerationSampleDrawn on its cycle). */
export type ChosenForModeration = {
  type: 'ChosenForModeration';
  data: { auditId: string; cycleId: string; sampleId: string; chosenOn: LocalDate };
};

/** That a UoPP meeting took place: when, who chaired and attended, the plan it feeds. Never its content. */
export type UoPPHeld = {
  type: 'UoPPHeld';
  data: {
    auditId: string;
    heldOn: LocalDate;
    chairId: string;
    attendeeIds: string[];
    /** The grade may be raised, never lowered. */
    from: Grade;
    revisedGrade: Grade | null;
    rationale: string | null;
    /** The first meeting after moderation, or the follow-up 6 weeks later for Inadequate work. */
    meeting?: 'INITIAL' | 'FOLLOW_UP';
    /** The child's existing plan the actions go into; the meeting makes no plan of its own. */
    linkedPlan?: 'EHA' | 'TAF' | 'TAC' | null;
    /** Inadequate work: the follow-up meeting is due 6 weeks after the first. */
    followUpDue?: LocalDate | null;
  };
};

export type ReauditDue = {
  type: 'ReauditDue';
  data: {
    auditId: string;
    /** The dip audit by the audit team, 6 weeks after moderation. */
    dueOn: LocalDate;
    moderatedGrade: Grade;
    kind?: 'DIP_AUDIT';
    /** Work not improved by then (4 months after moderation) goes to the divisional director. */
    escalateIfNotImprovedBy?: LocalDate;
  };
};

/** A concern for the child's safety, escalated at once: to whom, when, and the immediate actions. */
export type EscalationRaised = {
  type: 'EscalationRaised';
  data: {
    auditId: string;
    escalationId: string;
    raisedById: string;
    escalatedToIds: string[];
    escalatedOn: LocalDate;
    concern: string;
    immediateActions: string;
  };
};

export type DisputeParty = 'PRACTITIONER' | 'TEAM_MANAGER' | 'EH_COORDINATOR_LEAD';

/** Practitioner, team manager or EH coordinator lead disagrees with the moderation. */
export type ModerationDisputed = {
  type: 'ModerationDisputed';
  data: {
    auditId: string;
    disputeId: string;
    raisedById: string;
    raisedAs: DisputeParty;
    raisedOn: LocalDate;
    /** The overall grade disputed. */
    grade: Grade;
    reason: string;
  };
};

/** The dispute was discussed with the moderator; resolved means the parties settled it there. */
export type DisputeDiscussed = {
  type: 'DisputeDiscussed';
  data: { auditId: string; disputeId: string; moderatorId: string; discussedOn: LocalDate; resolved: boolean; note: string };
};

/** The head of service or audit team's final decision on an unresolved dispute: a grade change of source DISPUTE. */
export type DisputeResolved = {
  type: 'DisputeResolved';
  data: {
    auditId: string;
    disputeId: string;
    section: string;
    source: 'DISPUTE';
    from: Grade;
    to: Grade;
    rationale: string;
    decidedById: string;
    decidedAs: 'HEAD_OF_SERVICE' | 'AUDIT_TEAM';
    decidedOn: LocalDate;
  };
};

/** A SMART action. Only CASE actions go on the child's record. */
export type ActionAgreed = {
  type: 'ActionAgreed';
  data: {
    auditId: string;
    actionId: string;
    description: string;
    ownerId: string;
    dueOn: LocalDate;
    scope: ActionScope;
    onCaseRecord: boolean;
    agreedById: string;
    agreedOn: LocalDate;
  };
};

export type ActionProgressed = {
  type: 'ActionProgressed';
  data: { auditId: string; actionId: string; note: string; progressedById: string; progressedOn: LocalDate };
};

export type ActionCompleted = {
  type: 'ActionCompleted';
  data: { auditId: string; actionId: string; note: string | null; completedById: string; completedOn: LocalDate };
};

export type ActionDropped = {
  type: 'ActionDropped';
  data: { auditId: string; actionId: string; reason: string; droppedById: string; droppedOn: LocalDate };
};

/** The family's view of the work (template section 9), or why it could not be had. */
export type FamilyFeedbackRecorded = {
  type: 'FamilyFeedbackRecorded';
  data: {
    auditId: string;
    recordedById: string;
    recordedOn: LocalDate;
    /** 1 not good … 5 excellent; null when not completed. */
    rating: number | null;
    couldHaveTheirSay: Exclude<Answer, 'PARTIALLY'> | null;
    ableToAccessSupport: Exclude<Answer, 'PARTIALLY'> | null;
    comments: string | null;
    notCompletedReason: string | null;
  };
};

/** The practitioner's own section (template section 10), or why it could not be completed. */
export type PractitionerFeedbackRecorded = {
  type: 'PractitionerFeedbackRecorded';
  data: {
    auditId: string;
    recordedById: string;
    recordedOn: LocalDate;
    comments: string | null;
    notCompletedReason: string | null;
    /** AUD-6: the practitioner's answers to the questions of their section, in the template's order. */
    answers?: { question: string; text: string }[];
  };
};

/**
 * 000 "6-month re-audit": work not improved 4 months after moderation is escalated by the audit team to
 * the divisional director (and reported to the CSCIB). `grade` is the latest evidence that it has not
 * improved: the latest graded dip audit or re-audit, else the audit's own current grade.
 */
export type EscalatedToDivisionalDirector = {
  type: 'EscalatedToDivisionalDirector';
  data: {
    auditId: string;
    /** The date the work had to have improved by (ReauditDue.escalateIfNotImprovedBy). */
    dueOn: LocalDate;
    escalatedOn: LocalDate;
    escalatedById: string;
    grade: Grade;
    /** The dip audit or re-audit that found the work still below Good; null when none was graded. */
    evidenceAuditId: string | null;
    summary: string;
  };
};

/**
 * 000: for Inadequate work "the Team Manager will address urgent issues identified within 2 working
 * days or sooner of the moderated outcome". Recorded by that team manager; `dueOn` is the deadline it
 * met or missed (ModerationCompleted.urgentIssuesDue).
 */
export type UrgentIssuesAddressed = {
  type: 'UrgentIssuesAddressed';
  data: {
    auditId: string;
    addressedById: string;
    addressedOn: LocalDate;
    dueOn: LocalDate;
    /** What was done, briefly. */
    summary: string;
  };
};

/** A follow-up of work below Good (docs/rules/after-the-audit.md AFT-1, AFT-2). */
export type FollowUpKind = 'DIP_AUDIT' | 'REAUDIT' | 'IMPROVEMENT_ESCALATION' | 'URGENT_ISSUES' | 'UOPP' | 'FOLLOW_UP_UOPP';

/**
 * AFT-1/AFT-2: a dispute decision or UoPP meeting changed the overall grade after moderation, so the
 * follow-ups now follow the new grade: which started and which ended, and every follow-up date as it
 * now stands (null: none due). Readers set those fields; nothing earlier is edited.
 */
export type FollowUpsRevised = {
  type: 'FollowUpsRevised';
  data: {
    auditId: string;
    revisedOn: LocalDate;
    cause: 'DISPUTE' | 'UOPP';
    from: Grade;
    to: Grade;
    started: FollowUpKind[];
    ended: FollowUpKind[];
    reauditRequired: boolean;
    dipAuditDue: LocalDate | null;
    escalateIfNotImprovedBy: LocalDate | null;
    urgentIssuesDue: LocalDate | null;
    uoppDue: LocalDate | null;
    followUpUoppDue: LocalDate | null;
  };
};

/** AUD-1: the auditor's collaborative discussion of the case with the practitioner and/or team manager. */
export type CollaborativeDiscussionRecorded = {
  type: 'CollaborativeDiscussionRecorded';
  data: { auditId: string; discussedOn: LocalDate; withIds: string[]; recordedById: string };
};

/** AUD-8: a graded section is not relevant to this case (004); a later GradeSet for it replaces this. */
export type SectionMarkedNotApplicable = {
  type: 'SectionMarkedNotApplicable';
  data: { auditId: string; section: string; reason: string; auditorId: string };
};

/** AUD-5: the practitioner of the case acknowledges (or comments on) a case action agreed with them. */
export type ActionAcknowledged = {
  type: 'ActionAcknowledged';
  data: { auditId: string; actionId: string; practitionerId: string; acknowledgedOn: LocalDate; comment: string | null };
};

export type AuditEvent =
  | AuditAllocated
  | AnswerRecorded
  | NarrativeRecorded
  | GradeSet
  | AuditSubmitted
  | AuditReturnedForRectification
  | AuditInvalidated
  | AuditReallocated
  | NotificationRequired
  | ModerationChanged
  | ModerationCompleted
  | UoPPHeld
  | ReauditDue
  | EscalationRaised
  | ModerationDisputed
  | DisputeDiscussed
  | DisputeResolved
  | ActionAgreed
  | ActionProgressed
  | ActionCompleted
  | ActionDropped
  | FamilyFeedbackRecorded
  | PractitionerFeedbackRecorded
  | EscalatedToDivisionalDirector
  | UrgentIssuesAddressed
  | FollowUpsRevised
  | CollaborativeDiscussionRecorded
  | SectionMarkedNotApplicable
  | ActionAcknowledged
  | ChosenForModeration
  | ReferredToCoordinatorLead;
