import type { AuditStatus, Grade, LocalDate } from '../../src/shared/domain-types.js';
import { type EventData, MalformedEventError } from '../runner/event-data.js';

/**
 * Deadline bookkeeping shared by the audit and tracker read models. Working-day dates come from the
 * events themselves (the deciders compute them on the bank-holiday calendar), so a rebuild always
 * reproduces the same dates; only plain calendar arithmetic is done here.
 */

export interface AuditDeadlineState {
  status: AuditStatus;
  moderatedGrade: Grade | null;
  uoppCount: number;
  moderationDue: LocalDate | null;
  /** Set while the audit is back with the auditor after QA. */
  rectifyBy: LocalDate | null;
  uoppDue: LocalDate | null;
  followUpUoppDue: LocalDate | null;
  dipAuditDue: LocalDate | null;
}

/** For INADEQUATE work the first UoPP meeting is followed by another 6 (calendar) weeks later. */
export const FOLLOW_UP_UOPP_WEEKS = 6;

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export interface UoppMeeting {
  heldOn: LocalDate;
  /** The overall grade before the meeting. */
  from: Grade;
  meeting: 'INITIAL' | 'FOLLOW_UP' | null;
  /** The follow-up date the event carries; undefined for events older than that field. */
  followUpDue: LocalDate | null | undefined;
}

/** The follow-up UoPP date once this meeting is held: set by the first meeting only. */
export function followUpUoppDueAfter(state: Pick<AuditDeadlineState, 'uoppCount' | 'moderatedGrade' | 'followUpUoppDue'>, meeting: UoppMeeting): LocalDate | null {
  const first = meeting.meeting ? meeting.meeting === 'INITIAL' : state.uoppCount === 0;
  if (!first) return state.followUpUoppDue;
  if (meeting.followUpDue !== undefined) return meeting.followUpDue;
  // Events from before the field: Inadequate work meets again 6 weeks after the first meeting.
  const inadequate = (state.moderatedGrade ?? meeting.from) === 'INADEQUATE';
  return inadequate ? addCalendarDays(meeting.heldOn, FOLLOW_UP_UOPP_WEEKS * 7) : null;
}

/** Reads a UoPPHeld event's meeting facts. */
export function uoppMeeting(data: EventData): UoppMeeting {
  const meeting = data.optionalString('meeting');
  if (meeting !== null && meeting !== 'INITIAL' && meeting !== 'FOLLOW_UP') throw new MalformedEventError(`field "meeting" must be INITIAL or FOLLOW_UP, got "${meeting}"`);
  return {
    heldOn: data.date('heldOn'),
    from: data.grade('from'),
    meeting,
    followUpDue: data.present('followUpDue') ? data.optionalDate('followUpDue') : undefined,
  };
}

/** The earliest deadline still open: what the tracker shows as "next deadline". */
export function nextDeadline(state: AuditDeadlineState): LocalDate | null {
  if (state.status === 'INVALIDATED') return null;
  const open: (LocalDate | null)[] = [];
  if (state.status === 'RETURNED') open.push(state.rectifyBy);
  if (state.status !== 'MODERATED') open.push(state.moderationDue);
  else {
    if (state.uoppCount === 0) open.push(state.uoppDue);
    if (state.uoppCount < 2) open.push(state.followUpUoppDue);
    open.push(state.dipAuditDue);
  }
  const dates = open.filter((date): date is LocalDate => date !== null).sort();
  return dates[0] ?? null;
}
