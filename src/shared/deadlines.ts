import { addWeeks, type WorkingCalendar } from '../calendar/working-calendar.js';
import type { AuditStatus, Grade, LocalDate } from './domain-types.js';

/**
 * The programme's deadlines (000 operational guide), in one place for the rules that date them, the
 * read models that keep them, the work queues that show them and the reminders that announce them.
 *
 * 1. When each falls due: the deciders date them on the authority's working calendar, and the events
 *    carry the dates, so read models rebuilt later reproduce them without the calendar.
 * 2. Which of an audit's deadlines are still open, from the dates the events carried.
 * 3. How each event opens, moves or closes a deadline, for the reminders.
 *
 * Timescales are in working days unless the guide speaks in weeks or months; dates in weeks or months
 * are calendar dates and may fall on a non-working day, as the guide's "6 weeks later" does. Pure.
 */

// 1. When each deadline falls due.

/**
 * Moderation is due by the last working day of the audit month; for work the auditor grades
 * Inadequate, within 1 working day of submission. (000 says "within 1 day"; DESIGN.md reads it as
 * a working day, which keeps a Friday submission from being due on a Saturday.)
 */
export function moderationDue(calendar: WorkingCalendar, cycleMonth: string, submittedOn: LocalDate, overall: Grade): LocalDate {
  return overall === 'INADEQUATE' ? calendar.addWorkingDays(submittedOn, 1) : calendar.lastWorkingDayOfMonth(cycleMonth);
}

/** The first UoPP meeting: within 5 working days of moderation, 3 for Inadequate work. */
export function uoppDue(calendar: WorkingCalendar, moderatedOn: LocalDate, moderated: Grade): LocalDate {
  return calendar.addWorkingDays(moderatedOn, moderated === 'INADEQUATE' ? 3 : 5);
}

/** Inadequate work: the team manager addresses urgent issues within 2 working days of the moderated outcome. */
export function urgentIssuesDue(calendar: WorkingCalendar, moderatedOn: LocalDate, moderated: Grade): LocalDate | null {
  return moderated === 'INADEQUATE' ? calendar.addWorkingDays(moderatedOn, 2) : null;
}

/** Inadequate work: a further UoPP meeting 6 (calendar) weeks after the first. */
export const FOLLOW_UP_UOPP_WEEKS = 6;

export function followUpUoppDue(calendar: WorkingCalendar, firstHeldOn: LocalDate, moderated: Grade): LocalDate | null {
  return moderated === 'INADEQUATE' ? calendar.addWeeks(firstHeldOn, FOLLOW_UP_UOPP_WEEKS) : null;
}

/** Work moderated RI or Inadequate: a dip audit 6 weeks after moderation. */
export function dipAuditDue(calendar: WorkingCalendar, moderatedOn: LocalDate): LocalDate {
  return calendar.addWeeks(moderatedOn, 6);
}

/** Work not improved by 4 months is escalated to the divisional director. */
export function improvementEscalationDue(calendar: WorkingCalendar, moderatedOn: LocalDate): LocalDate {
  return calendar.addMonths(moderatedOn, 4);
}

/** A UoPPHeld event's facts about the meeting. */
export interface UoppMeeting {
  heldOn: LocalDate;
  /** The overall grade before the meeting. */
  from: Grade;
  meeting: 'INITIAL' | 'FOLLOW_UP' | null;
  /** The follow-up date the event carries; undefined for events older than that field. */
  followUpDue: LocalDate | null | undefined;
}

/** The follow-up UoPP date once this meeting is held: set by the first meeting only. */
export function followUpUoppDueAfter(
  state: { uoppCount: number; moderatedGrade: Grade | null; followUpUoppDue: LocalDate | null },
  meeting: UoppMeeting,
): LocalDate | null {
  const first = meeting.meeting ? meeting.meeting === 'INITIAL' : state.uoppCount === 0;
  if (!first) return state.followUpUoppDue;
  if (meeting.followUpDue !== undefined) return meeting.followUpDue;
  // Events from before the field: Inadequate work meets again 6 weeks after the first meeting.
  const inadequate = (state.moderatedGrade ?? meeting.from) === 'INADEQUATE';
  return inadequate ? addWeeks(meeting.heldOn, FOLLOW_UP_UOPP_WEEKS) : null;
}

// 2. Which of an audit's deadlines are still open.

export const DEADLINE_KINDS = ['MODERATION', 'RECTIFICATION', 'URGENT_ISSUES', 'UOPP', 'FOLLOW_UP_UOPP', 'DIP_AUDIT'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** An audit's deadline dates as its events carried them (a tracker row will do). */
export interface AuditDeadlines {
  status: AuditStatus;
  uoppCount: number;
  /** The cycle's moderation date until submission, then the one the submission set. */
  moderationDue: LocalDate | null;
  rectifyBy: LocalDate | null;
  uoppDue: LocalDate | null;
  /** Inadequate work: urgent issues to be addressed by the team manager by this day (000 guide). */
  urgentIssuesDue: LocalDate | null;
  urgentIssuesAddressedOn: LocalDate | null;
  followUpUoppDue: LocalDate | null;
  dipAuditDue: LocalDate | null;
  /** When the dip audit of this work was submitted; the dip audit deadline is then met. */
  dipAuditDoneOn: LocalDate | null;
}

export interface OpenDeadline {
  kind: DeadlineKind;
  dueOn: LocalDate;
}

/** The deadlines still to be met, soonest first. */
export function openDeadlines(state: AuditDeadlines): OpenDeadline[] {
  if (state.status === 'INVALIDATED') return [];
  const open: Array<[DeadlineKind, LocalDate | null]> = [];
  if (state.status === 'RETURNED') open.push(['RECTIFICATION', state.rectifyBy]);
  // Audits are completed and moderated by the cycle's moderation date (000 guide).
  if (state.status !== 'MODERATED') open.push(['MODERATION', state.moderationDue]);
  else {
    if (state.urgentIssuesAddressedOn === null) open.push(['URGENT_ISSUES', state.urgentIssuesDue]);
    if (state.uoppCount === 0) open.push(['UOPP', state.uoppDue]);
    // The follow-up date is set by the first meeting, for Inadequate work only.
    if (state.uoppCount < 2) open.push(['FOLLOW_UP_UOPP', state.followUpUoppDue]);
    if (state.dipAuditDoneOn === null) open.push(['DIP_AUDIT', state.dipAuditDue]);
  }
  return open
    .filter((entry): entry is [DeadlineKind, LocalDate] => entry[1] !== null)
    .map(([kind, dueOn]) => ({ kind, dueOn }))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : DEADLINE_KINDS.indexOf(a.kind) - DEADLINE_KINDS.indexOf(b.kind)));
}

/** The earliest deadline still open: the tracker's "next deadline". */
export function nextDeadline(state: AuditDeadlines): LocalDate | null {
  return openDeadlines(state)[0]?.dueOn ?? null;
}

/** A deadline is missed the day after it falls, not on the day. */
export const isOverdue = (dueOn: LocalDate, today: LocalDate): boolean => dueOn < today;

/** The open deadlines already passed on `today`. */
export function overdueDeadlines(state: AuditDeadlines, today: LocalDate): DeadlineKind[] {
  return openDeadlines(state)
    .filter((deadline) => isOverdue(deadline.dueOn, today))
    .map((deadline) => deadline.kind);
}

// 3. How events open, move and close deadlines, for the reminders.

/** The deadlines people are reminded of: the audit's, and the actions' and the 4-month escalation. */
export const REMINDER_KINDS = [
  'MODERATION_DUE',
  'RECTIFICATION_PASSED',
  'UOPP_DUE',
  'FOLLOW_UP_UOPP_DUE',
  'URGENT_ISSUES_DUE',
  'ACTION_DUE',
  'DIP_AUDIT_DUE',
  'FOUR_MONTH_ESCALATION',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export type DeadlineChange =
  | { op: 'open'; kind: ReminderKind; subjectId: string; auditId: string; dueOn: string; target?: Record<string, string> }
  | { op: 'close'; kind: ReminderKind; subjectId: string }
  | { op: 'closeAudit'; auditId: string };

const open = (kind: ReminderKind, auditId: string, dueOn: unknown, subjectId = auditId, target?: Record<string, string>): DeadlineChange[] =>
  typeof dueOn === 'string' && dueOn !== '' ? [{ op: 'open', kind, subjectId, auditId, dueOn, ...(target ? { target } : {}) }] : [];
const close = (kind: ReminderKind, subjectId: string): DeadlineChange => ({ op: 'close', kind, subjectId });

/** How each event opens, moves (opening again with another date) or closes a deadline. */
export function deadlineChanges(event: { type: string; data: Record<string, any> }, audit: { dipAuditOf?: string | null } | null = null): DeadlineChange[] {
  const d = event.data;
  const auditId: string = d.auditId;
  switch (event.type) {
    // DESIGN/000: moderation by the last working day of the month, within 1 working day for Inadequate work.
    case 'AuditSubmitted':
      return [
        close('RECTIFICATION_PASSED', auditId),
        ...open('MODERATION_DUE', auditId, d.moderationDue),
        // A dip audit submitted meets the dip audit deadline of the work it follows up.
        ...(audit?.dipAuditOf ? [close('DIP_AUDIT_DUE', audit.dipAuditOf)] : []),
      ];
    // 000 "Moderation": returned "and a timescale given for rectification"; reminded when it has passed.
    case 'AuditReturnedForRectification':
      return [close('MODERATION_DUE', auditId), ...open('RECTIFICATION_PASSED', auditId, d.rectifyBy)];
    // 000: UoPP within 5 working days of moderation (3 for Inadequate); urgent issues within 2 working days.
    case 'ModerationCompleted':
      return [close('MODERATION_DUE', auditId), ...open('UOPP_DUE', auditId, d.uoppDue), ...open('URGENT_ISSUES_DUE', auditId, d.urgentIssuesDue)];
    // 000: for Inadequate work "After 6 weeks the EH Coordinator Lead will with the TM/SW convene a further UOPP Meeting".
    case 'UoPPHeld':
      return d.meeting === 'FOLLOW_UP'
        ? [close('FOLLOW_UP_UOPP_DUE', auditId)]
        : [close('UOPP_DUE', auditId), ...open('FOLLOW_UP_UOPP_DUE', auditId, d.followUpDue)];
    case 'UrgentIssuesAddressed':
      return [close('URGENT_ISSUES_DUE', auditId)];
    // 000, 004: actions are SMART with a real date; the owner is reminded before, on and after it.
    case 'ActionAgreed':
      return open('ACTION_DUE', auditId, d.dueOn, d.actionId, { ownerId: String(d.ownerId) });
    case 'ActionCompleted':
    case 'ActionDropped':
      return [close('ACTION_DUE', d.actionId)];
    // 000 "Dip audits ...": RI/Inadequate work "put forward for a brief dip audit 6 weeks later"; "If any work
    // has not improved by 4 months, the work will be escalated by the audit team to the Divisional Director".
    case 'ReauditDue':
      return [...open('DIP_AUDIT_DUE', auditId, d.dueOn), ...open('FOUR_MONTH_ESCALATION', auditId, d.escalateIfNotImprovedBy)];
    case 'EscalatedToDivisionalDirector':
      return [close('FOUR_MONTH_ESCALATION', auditId)];
    // AFT-1, AFT-2 (docs/rules/after-the-audit.md): a dispute decision or UoPP that changed the grade
    // started the follow-ups the new grade needs and ended those it no longer needs.
    case 'FollowUpsRevised':
      return followUpChanges(auditId, d);
    case 'AuditInvalidated':
      return [{ op: 'closeAudit', auditId }];
    default:
      return [];
  }
}

export const DEADLINE_EVENT_TYPES = [
  'AuditSubmitted',
  'AuditReturnedForRectification',
  'ModerationCompleted',
  'UoPPHeld',
  'UrgentIssuesAddressed',
  'ActionAgreed',
  'ActionCompleted',
  'ActionDropped',
  'ReauditDue',
  'EscalatedToDivisionalDirector',
  'AuditInvalidated',
  'FollowUpsRevised',
];

/** FollowUpsRevised's follow-ups, the deadline each is, and the field carrying its date. */
const FOLLOW_UP_DEADLINES: Record<string, { kind: ReminderKind; field: string }> = {
  DIP_AUDIT: { kind: 'DIP_AUDIT_DUE', field: 'dipAuditDue' },
  IMPROVEMENT_ESCALATION: { kind: 'FOUR_MONTH_ESCALATION', field: 'escalateIfNotImprovedBy' },
  URGENT_ISSUES: { kind: 'URGENT_ISSUES_DUE', field: 'urgentIssuesDue' },
  UOPP: { kind: 'UOPP_DUE', field: 'uoppDue' },
  FOLLOW_UP_UOPP: { kind: 'FOLLOW_UP_UOPP_DUE', field: 'followUpUoppDue' },
};

function followUpChanges(auditId: string, d: Record<string, any>): DeadlineChange[] {
  const listed = (key: string): string[] => (Array.isArray(d[key]) ? d[key].filter((k: unknown): k is string => typeof k === 'string') : []);
  const opened = listed('started').flatMap((k) => (FOLLOW_UP_DEADLINES[k] ? open(FOLLOW_UP_DEADLINES[k].kind, auditId, d[FOLLOW_UP_DEADLINES[k].field]) : []));
  const closed = listed('ended').flatMap((k) => (FOLLOW_UP_DEADLINES[k] ? [close(FOLLOW_UP_DEADLINES[k].kind, auditId)] : []));
  return [...opened, ...closed];
}
