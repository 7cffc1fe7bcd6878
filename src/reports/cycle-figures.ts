import { isBelowGood, type ActionStatus, type AuditStatus, type Grade, type LocalDate } from '../shared/domain-types.js';

/**
 * REP-3 (docs/rules/reporting.md). The board report's figures on what followed the audits of a cycle (000 guide "Reporting to Boards":
 * impact of audits, feedback from service users): UoPP meetings, dip audits and re-audits, actions,
 * family feedback. Pure functions; `today` (by the service clock) decides what is overdue.
 */

export interface UoppFacts {
  uoppDue: LocalDate | null;
  uoppHeldOn: LocalDate | null;
  followUpUoppDue: LocalDate | null;
  followUpUoppHeldOn: LocalDate | null;
  urgentIssuesDue: LocalDate | null;
  urgentIssuesAddressedOn: LocalDate | null;
}

export interface UoppFigures {
  /** Moderated audits with a UoPP meeting due. */
  due: number;
  held: number;
  /** Held on or before the day it was due. */
  heldOnTime: number;
  /** Not held, and the day it was due has passed. */
  overdue: number;
  /** Inadequate work: the follow-up meeting 6 weeks after the first. */
  followUpsDue: number;
  followUpsHeld: number;
  followUpsHeldOnTime: number;
  followUpsOverdue: number;
  /** Inadequate work: urgent issues for the team manager to address within 2 working days of moderation. */
  urgentIssuesDue: number;
  urgentIssuesAddressed: number;
  urgentIssuesAddressedOnTime: number;
  urgentIssuesOverdue: number;
}

export function uoppFigures(audits: readonly UoppFacts[], today: LocalDate): UoppFigures {
  const count = (due: (a: UoppFacts) => LocalDate | null, held: (a: UoppFacts) => LocalDate | null) => {
    const owed = audits.filter((a) => due(a) !== null);
    return {
      due: owed.length,
      held: owed.filter((a) => held(a) !== null).length,
      onTime: owed.filter((a) => held(a) !== null && held(a)! <= due(a)!).length,
      overdue: owed.filter((a) => held(a) === null && due(a)! < today).length,
    };
  };
  const first = count((a) => a.uoppDue, (a) => a.uoppHeldOn);
  const followUp = count((a) => a.followUpUoppDue, (a) => a.followUpUoppHeldOn);
  const urgent = count((a) => a.urgentIssuesDue, (a) => a.urgentIssuesAddressedOn);
  return {
    due: first.due,
    held: first.held,
    heldOnTime: first.onTime,
    overdue: first.overdue,
    followUpsDue: followUp.due,
    followUpsHeld: followUp.held,
    followUpsHeldOnTime: followUp.onTime,
    followUpsOverdue: followUp.overdue,
    urgentIssuesDue: urgent.due,
    urgentIssuesAddressed: urgent.held,
    urgentIssuesAddressedOnTime: urgent.onTime,
    urgentIssuesOverdue: urgent.overdue,
  };
}

export interface FollowUpOriginal {
  auditId: string;
  moderatedGrade: Grade | null;
  dipAuditDue: LocalDate | null;
}

export interface FollowUpAudit {
  reauditOfAuditId: string;
  kind: 'DIP_AUDIT' | 'REAUDIT';
  status: AuditStatus;
  currentGrade: Grade | null;
  /** Order of allocation: the latest follow-up of a kind is the one that counts. */
  order: number;
}

export interface FollowUpFigures {
  /** Moderated below Good: put forward for a dip audit, and proposed for re-audit next cycle. */
  belowGood: number;
  /** At least 10% of the work below Good is re-audited in the following cycle (rounded up). */
  reauditTarget: number;
  dipAuditsDue: number;
  /** Work whose dip audit has been submitted (or moderated). */
  dipAuditsDone: number;
  /** Of those, the latest dip audit found the work Good or better. */
  dipAuditsReachedGood: number;
  /** Dip audits not done, their date passed. */
  dipAuditsOverdue: number;
  /** Work re-audited in a later cycle (submitted or moderated). */
  reaudited: number;
  reauditsReachedGood: number;
}

/**
 * What became of a cycle's work below Good: its dip audit (6 weeks on) and any re-audit (next cycle).
 * A follow-up counts once submitted; its grade is its latest overall grade (the moderator's once
 * moderated). Only work below Good is followed up.
 */
export function followUpFigures(originals: readonly FollowUpOriginal[], followUps: readonly FollowUpAudit[], today: LocalDate): FollowUpFigures {
  const below = originals.filter((o) => o.moderatedGrade !== null && isBelowGood(o.moderatedGrade));
  const latest = (auditId: string, kind: FollowUpAudit['kind']) =>
    followUps
      .filter((f) => f.reauditOfAuditId === auditId && f.kind === kind && (f.status === 'SUBMITTED' || f.status === 'MODERATED'))
      .sort((a, b) => b.order - a.order)[0];
  const reachedGood = (f: FollowUpAudit | undefined) => f !== undefined && f.currentGrade !== null && !isBelowGood(f.currentGrade);
  const dips = below.map((o) => ({ original: o, dip: latest(o.auditId, 'DIP_AUDIT') }));
  const reaudits = below.map((o) => latest(o.auditId, 'REAUDIT')).filter((f) => f !== undefined);
  return {
    belowGood: below.length,
    reauditTarget: Math.ceil(below.length / 10),
    dipAuditsDue: dips.filter(({ original }) => original.dipAuditDue !== null).length,
    dipAuditsDone: dips.filter(({ dip }) => dip !== undefined).length,
    dipAuditsReachedGood: dips.filter(({ dip }) => reachedGood(dip)).length,
    dipAuditsOverdue: dips.filter(({ original, dip }) => dip === undefined && original.dipAuditDue !== null && original.dipAuditDue < today).length,
    reaudited: reaudits.length,
    reauditsReachedGood: reaudits.filter(reachedGood).length,
  };
}

export interface ActionFacts {
  status: ActionStatus;
  dueOn: LocalDate;
  closedOn: LocalDate | null;
}

export interface ActionFigures {
  agreed: number;
  open: number;
  completed: number;
  /** Completed on or before the day due. */
  completedOnTime: number;
  dropped: number;
  /** Open with the day due passed. */
  overdue: number;
}

export function actionFigures(actions: readonly ActionFacts[], today: LocalDate): ActionFigures {
  const completed = actions.filter((a) => a.status === 'DONE');
  return {
    agreed: actions.length,
    open: actions.filter((a) => a.status === 'OPEN').length,
    completed: completed.length,
    completedOnTime: completed.filter((a) => a.closedOn !== null && a.closedOn <= a.dueOn).length,
    dropped: actions.filter((a) => a.status === 'DROPPED').length,
    overdue: actions.filter((a) => a.status === 'OPEN' && a.dueOn < today).length,
  };
}

export interface FamilyFeedbackFacts {
  familyFeedbackRecorded: boolean;
  familyRating: number | null;
  familyCouldHaveTheirSay: string | null;
  familyAbleToAccessSupport: string | null;
}

export interface AnswerFigures {
  yes: number;
  no: number;
  notApplicable: number;
}

export interface FamilyFeedbackFigures {
  /** Audits with the family's feedback recorded, rated or not. */
  recorded: number;
  rated: number;
  /** Recorded with the reason it could not be had instead of a rating. */
  notCompleted: number;
  /** How many families gave each rating, 1 (not good) to 5 (excellent). */
  ratings: Array<{ rating: number; count: number }>;
  /** Mean of the ratings given, to 2 decimal places; null when none was. */
  averageRating: number | null;
  couldHaveTheirSay: AnswerFigures;
  ableToAccessSupport: AnswerFigures;
}

/** The family's feedback (template section 9) in numbers only: never its comments. */
export function familyFeedbackFigures(audits: readonly FamilyFeedbackFacts[]): FamilyFeedbackFigures {
  const recorded = audits.filter((a) => a.familyFeedbackRecorded);
  const ratings = recorded.map((a) => a.familyRating).filter((r): r is number => r !== null);
  const answers = (pick: (a: FamilyFeedbackFacts) => string | null): AnswerFigures => ({
    yes: recorded.filter((a) => pick(a) === 'YES').length,
    no: recorded.filter((a) => pick(a) === 'NO').length,
    notApplicable: recorded.filter((a) => pick(a) === 'NOT_APPLICABLE').length,
  });
  return {
    recorded: recorded.length,
    rated: ratings.length,
    notCompleted: recorded.length - ratings.length,
    ratings: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: ratings.filter((r) => r === rating).length })),
    averageRating: ratings.length === 0 ? null : Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100,
    couldHaveTheirSay: answers((a) => a.familyCouldHaveTheirSay),
    ableToAccessSupport: answers((a) => a.familyAbleToAccessSupport),
  };
}
