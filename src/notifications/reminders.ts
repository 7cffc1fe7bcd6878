import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { ReminderKind } from '../shared/deadlines.js';
import { recipients as r, distinct, type Directory, type Recipient } from './contracts/recipients.js';

/**
 * Reminders (issue: "a few working days before and on the day of" each timescale). The deadlines and
 * how events open, move and close them are in src/shared/deadlines.ts; here each is turned into
 * reminder stages on the working calendar and into the people reminded. Pure.
 */

export type Stage = 'BEFORE' | 'ON_DAY' | 'OVERDUE';

const STAGES: Record<ReminderKind, Stage[]> = {
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
export function reminderDays(kind: ReminderKind, dueOn: string, plannedOn: string, calendar: WorkingCalendar, leadDays: number): StageDate[] {
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
export function reminderRecipients(kind: ReminderKind, target: Record<string, string>, audit: ReminderAudit | null, directory: Directory): Recipient[] {
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
