import type { Answer, Grade, LocalDate } from '../shared/domain-types.js';

/**
 * Stream `audit-<id>`. Every grade event carries `from` so a reader of the history needs no state.
 * `section` is a template section key, or OVERALL for the audit as a whole.
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
  };
};

export type AnswerRecorded = {
  type: 'AnswerRecorded';
  data: { auditId: string; section: string; question: string; answer: Answer; comment: string | null };
};

/** The auditor's grade for a section or OVERALL. */
export type GradeSet = {
  type: 'GradeSet';
  data: { auditId: string; section: string; from: Grade | null; to: Grade; rationale: string; auditorId: string };
};

export type AuditSubmitted = {
  type: 'AuditSubmitted';
  data: { auditId: string; submittedOn: LocalDate; overallGrade: Grade; moderationDue: LocalDate };
};

/** The moderator agrees (to === from) or changes a grade, always with a rationale. */
export type ModerationChanged = {
  type: 'ModerationChanged';
  data: { auditId: string; section: string; from: Grade | null; to: Grade; rationale: string; moderatorId: string };
};

export type ModerationCompleted = {
  type: 'ModerationCompleted';
  data: { auditId: string; completedOn: LocalDate; moderatedGrade: Grade };
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
  };
};

export type ReauditDue = {
  type: 'ReauditDue';
  data: { auditId: string; dueOn: LocalDate; moderatedGrade: Grade };
};

export type AuditEvent =
  | AuditAllocated
  | AnswerRecorded
  | GradeSet
  | AuditSubmitted
  | ModerationChanged
  | ModerationCompleted
  | UoPPHeld
  | ReauditDue;
