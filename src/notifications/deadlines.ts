import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { recipients as r, distinct, type Directory, type Recipient } from './recipients.js';

/**
 * Reminders (issue: "a few working days before and on the day of" each timescale). Deadlines come
 * from the events, whose dates the deciders computed on the bank-holiday calendar (src/audits/
 * deadlines.ts); here they are opened, moved and closed, and turned into reminder stages. Pure.
 */

export const DEADLINE_KINDS = [
  'MODERATION_DUE',
  'RECTIFICATION_PASSED',
  'UOPP_DUE',
  'FOLLOW_UP_UOPP_DUE',
  'URGENT_ISSUES_DUE',
  'ACTION_DUE',
  'DIP_AUDIT_DUE',
  'FOUR_MONTH_ESCALATION',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type Stage = 'BEFORE' | 'ON_DAY' | 'OVERDUE';

export type DeadlineChange =
  | { op: 'open'; kind: DeadlineKind; subjectId: string; auditId: string; dueOn: string; target?: Record<string, string> }
  | { op: 'close'; kind: DeadlineKind; subjectId: string }
  | { op: 'closeAudit'; auditId: string };

const open = (kind: DeadlineKind, auditId: string, dueOn: unknown, subjectId = auditId, target?: Record<string, string>): DeadlineChange[] =>
  typeof dueOn === 'string' && dueOn !== '' ? [{ op: 'open', kind, subjectId, auditId, dueOn, ...(target ? { target } : {}) }] : [];
const close = (kind: DeadlineKind, subjectId: string): DeadlineChange => ({ op: 'close', kind, subjectId });

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
const FOLLOW_UP_DEADLINES: Record<string, { kind: DeadlineKind; field: string }> = {
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

const STAGES: Record<DeadlineKind, Stage[]> = {
  MODERATION_DUE: ['BEFORE', 'ON_DAY'],
  // "rectification date passed"
  RECTIFICATION_PASSED: ['OVERDUE'],
  UOPP_DUE: ['BEFORE', 'ON_DAY'],
  FOLLOW_UP_UOPP_DUE: ['BEFORE', 'ON_DAY'],
  URGENT_ISSUES_DUE: ['BEFORE', 'ON_DAY'],
  ACTION_DUE: ['BEFORE', 'ON_DAY', 'OVERDUE'],
  DIP_AUDIT_DUE: ['BEFORE', 'ON_DAY'],
  FOUR_MONTH_ESCALATION: ['BEFORE', 'ON_DAY'],
};

export interface StageDate {
  stage: Stage;
  /** The local day the reminder goes out (at the start of the working day). */
  on: string;
}

/**
 * The days a deadline's reminders go out: `leadDays` working days before, the day itself (or the
 * working day before it when it falls on a day off), and the next working day after it for "overdue".
 * Stages before `plannedOn` are dropped: nobody is reminded of a day already behind them when the
 * deadline was set.
 */
export function reminderDays(kind: DeadlineKind, dueOn: string, plannedOn: string, calendar: WorkingCalendar, leadDays: number): StageDate[] {
  let onDay = dueOn;
  while (!calendar.isWorkingDay(onDay)) onDay = shift(onDay, -1);
  const days: Record<Stage, string> = {
    BEFORE: workingDaysBefore(calendar, onDay, leadDays),
    ON_DAY: onDay,
    OVERDUE: calendar.addWorkingDays(dueOn, 1),
  };
  const seen = new Set<string>();
  return STAGES[kind]
    .map((stage) => ({ stage, on: days[stage] }))
    .filter((s) => s.on >= plannedOn && (s.stage === 'OVERDUE' || s.on <= dueOn))
    .filter((s) => (seen.has(s.on) ? false : (seen.add(s.on), true)));
}

function workingDaysBefore(calendar: WorkingCalendar, date: string, n: number): string {
  let current = date;
  let remaining = n;
  while (remaining > 0) {
    current = shift(current, -1);
    if (calendar.isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

function shift(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** What the scheduler knows of the audit a reminder is about. */
export interface ReminderAudit {
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
  currentGrade: string | null;
}

/** Who is reminded of each deadline, decided when the reminder fires (the people then in post). */
export function reminderRecipients(kind: DeadlineKind, target: Record<string, string>, audit: ReminderAudit | null, directory: Directory): Recipient[] {
  const list: Recipient[] = [];
  switch (kind) {
    case 'MODERATION_DUE':
      if (audit) list.push(r.person(audit.moderatorId, 'MODERATOR'));
      break;
    case 'RECTIFICATION_PASSED':
      if (audit) list.push(r.person(audit.auditorId, 'AUDITOR'));
      list.push(...r.auditTeam(directory));
      break;
    // 000: RI and above chaired by the auditor; Inadequate "led by the Audit Manager".
    case 'UOPP_DUE':
      if (audit?.currentGrade === 'INADEQUATE') list.push(...r.auditManagers(directory));
      else if (audit) list.push(r.person(audit.auditorId, 'CHAIR'));
      break;
    case 'FOLLOW_UP_UOPP_DUE':
      if (audit) list.push(...r.coordinatorLeads(directory, audit.teamId), r.person(audit.teamManagerId, 'TEAM_MANAGER'));
      list.push(...r.auditManagers(directory));
      break;
    case 'URGENT_ISSUES_DUE':
      if (audit) list.push(r.person(audit.teamManagerId, 'TEAM_MANAGER'));
      break;
    case 'ACTION_DUE':
      if (target.ownerId) list.push(r.person(target.ownerId, 'ACTION_OWNER'));
      break;
    // 000: "This dip audit will be completed by the Audit Team."
    case 'DIP_AUDIT_DUE':
      list.push(...r.auditTeam(directory));
      break;
    case 'FOUR_MONTH_ESCALATION':
      list.push(...r.auditTeam(directory), ...r.divisionalDirectors(directory));
      break;
  }
  return distinct(list);
}

/** The instant 08:00 on a local day in the authority's time zone: when that day's reminders go out. */
export function startOfWorkingDay(day: string, hour = 8, timeZone = 'Europe/London'): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = new Date(Date.UTC(y, m - 1, d, hour));
  const localHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(guess));
  return new Date(guess.getTime() - (localHour - hour) * 3_600_000);
}
