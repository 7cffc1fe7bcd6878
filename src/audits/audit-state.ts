import type { ActionScope, ActionStatus, Answer, AuditStatus, Grade, LocalDate } from '../shared/domain-types.js';
import type { DisputeParty } from './events.js';
import type { AuditTemplate } from './templates/index.js';

// The audit's state, as the decider (decider.ts) and its capabilities (rules/) fold and read it.

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

/** An audit from its allocation (AuditAllocated) on. */
export type AllocatedAudit = {
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
  status: AuditStatus;
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

/** The audit's state: nothing before its allocation, then the allocated audit. */
export type AuditState = UnallocatedAudit | AllocatedAudit;

export const initialAuditState = (): AuditState => ({ status: 'NOT_ALLOCATED' });

export const isAllocated = (state: AuditState): state is AllocatedAudit => state.status !== 'NOT_ALLOCATED';

/** What a grading rule needs of the audit's template (an AuditTemplate will do). */
export type TemplateFact = Pick<AuditTemplate, 'id' | 'version' | 'sections'> &
  Partial<Pick<AuditTemplate, 'kind' | 'collaborativeDiscussion' | 'sectionsMayBeNotApplicable' | 'moderationSamplePercent'>>;

