import type { ActionScope, ActionStatus, Answer, Grade, LocalDate } from '../shared/domain-types.js';
import type { DisputeParty } from './events.js';
import type { AuditTemplate } from './templates/index.js';

// The audit's state, as the decider (decider.ts) and its capabilities (rules/) fold and read it: a union
// by status, so that each status carries what it means and nothing else. Not allocated, it is only its
// status; allocated, every status has the audit's posts, template and work (AuditCommon); the latest
// submission exists from the first submission on, the moderation due date only while it awaits
// moderation, and the moderated grade with its follow-ups, UoPP meetings and disputes only once it is
// moderated. The guards (rules/guards.ts) narrow it: requireAudit to an allocated audit, requireStatus
// to the statuses a command allows.

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

/** Before the audit is allocated: every command but AllocateAudit finds no audit (guards.ts, requireAudit). */
export type UnallocatedAudit = { status: 'NOT_ALLOCATED' };

/** What every allocated audit has, whatever its status. */
export type AuditCommon = {
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
  /** answers[section][question] */
  answers: Record<string, Record<string, Answer>>;
  /** The auditor's grade per section key, OVERALL included. */
  auditorGrades: Record<string, Grade>;
  /** The moderator's decisions since the latest submission, per section key. */
  moderatorGrades: Record<string, Grade>;
  inadequateNotified: boolean;
  actions: Record<string, ActionState>;
  escalationIds: string[];
  familyFeedbackRecorded: boolean;
  practitionerFeedbackRecorded: boolean;
  /** AUD-1: the latest date of the collaborative discussion with the practitioner. */
  collaborativeDiscussionOn: LocalDate | null;
  /** AUD-8: graded sections the auditor marked not applicable, with the reason. */
  notApplicable: Record<string, string>;
  /** AUD-5: case actions the practitioner has acknowledged. */
  acknowledgedActionIds: string[];
  /** AUD-10: on a template moderated by sample, whether the month's sample chose the audit; null before the draw. */
  moderationSample: 'IN_SAMPLE' | 'OUTSIDE_SAMPLE' | null;
};

/** The auditor's latest submission (AuditSubmitted): its day and overall grade, kept when the audit is returned or invalidated. */
export type Submission = { on: LocalDate; grade: Grade };

/** The end of moderation (ModerationCompleted): its day and the moderated overall grade. */
export type Moderation = { on: LocalDate; grade: Grade };

/** Allocated, not yet submitted. */
export type InProgressAudit = AuditCommon & { status: 'ALLOCATED'; submission: null; moderation: null };

/** Submitted, awaiting moderation (or, on a template moderated by sample, the month's sample: AUD-10). */
export type SubmittedAudit = AuditCommon & { status: 'SUBMITTED'; submission: Submission; moderationDue: LocalDate; moderation: null };

/** Returned by the audit team for rectification, to be submitted again. */
export type ReturnedAudit = AuditCommon & { status: 'RETURNED'; submission: Submission; rectifyBy: LocalDate; moderation: null };

/** Invalidated before moderation, whether or not it was submitted. */
export type InvalidatedAudit = AuditCommon & { status: 'INVALIDATED'; submission: Submission | null; moderation: null };

/**
 * Moderated (a dip audit, or an audit outside the month's sample, completes without a moderator:
 * AFT-4, AUD-10): the grade moderation left and the follow-ups it started (AFT-1, AFT-2), its UoPP
 * meetings and its disputes (PPL-1), none of which an audit has before.
 */
export type ModeratedAudit = AuditCommon & {
  status: 'MODERATED';
  submission: Submission;
  moderation: Moderation;
  /** The latest overall grade, after any UoPP revision or dispute decision. */
  currentGrade: Grade;
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
  /** Moderated below Good: the date the work must have improved by, or it goes to the divisional director. */
  improvementEscalationDue: LocalDate | null;
  escalatedToDirectorOn: LocalDate | null;
};

/** An audit from its allocation (AuditAllocated) on, by status. */
export type AllocatedAudit = InProgressAudit | SubmittedAudit | ReturnedAudit | InvalidatedAudit | ModeratedAudit;

/** An audit that moderation has not completed: the only one whose status changes. */
export type UnmoderatedAudit = Exclude<AllocatedAudit, ModeratedAudit>;

/** The audit without what its status gives it: what a change of status carries over. */
export function auditCommon(state: UnmoderatedAudit): AuditCommon {
  switch (state.status) {
    case 'ALLOCATED':
    case 'INVALIDATED': {
      const { status: _status, submission: _submission, moderation: _moderation, ...common } = state;
      return common;
    }
    case 'SUBMITTED': {
      const { status: _status, submission: _submission, moderationDue: _due, moderation: _moderation, ...common } = state;
      return common;
    }
    case 'RETURNED': {
      const { status: _status, submission: _submission, rectifyBy: _rectifyBy, moderation: _moderation, ...common } = state;
      return common;
    }
  }
}

/** The latest overall grade: none before moderation. */
export const currentGrade = (state: AuditState): Grade | null => (state.status === 'MODERATED' ? state.currentGrade : null);

/** The audit's state: nothing before its allocation, then the allocated audit. */
export type AuditState = UnallocatedAudit | AllocatedAudit;

export const initialAuditState = (): AuditState => ({ status: 'NOT_ALLOCATED' });

export const isAllocated = (state: AuditState): state is AllocatedAudit => state.status !== 'NOT_ALLOCATED';

/** What a grading rule needs of the audit's template (an AuditTemplate will do). */
export type TemplateFact = Pick<AuditTemplate, 'id' | 'version' | 'sections'> &
  Partial<Pick<AuditTemplate, 'kind' | 'collaborativeDiscussion' | 'sectionsMayBeNotApplicable' | 'moderationSamplePercent'>>;

