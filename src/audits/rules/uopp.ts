import { optionalText, type CommandContext } from '../../shared/decider.js';
import { badInput, conflict, forbidden, notFound, type DomainError } from '../../shared/errors.js';
import { gradeRank, isBelowGood, type Grade, type LocalDate } from '../../shared/domain-types.js';
import type { StaffFact } from '../../shared/facts.js';
import { currentGrade, type AllocatedAudit, type AuditState, type ModeratedAudit } from '../audit-state.js';
import type { AuditEvent, UoPPHeld } from '../events.js';
import * as deadlines from '../../shared/deadlines.js';
import { reviseFollowUps } from './follow-ups.js';
import { requireMinimumAttendance } from './submission.js';
import { found, requireAudit, requireDate, requireGrade, requireNotDipAudit, requireStatus } from './guards.js';

/**
 * UoPP meetings (docs/rules/after-the-audit.md): that the meeting took place, when, who chaired and
 * attended (AFT-3), and the plan it links to; never its content. It may raise the grade, never lower
 * it. For Inadequate work a follow-up meeting 6 weeks after the first (AFT-1, AFT-2).
 */

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

export type UoppCommand = RecordUoPPMeeting;
export type UoppEvent = UoPPHeld;

export function decide(command: UoppCommand, state: AuditState): AuditEvent[] {
  return recordUoPPMeeting(command, state);
}

export function evolve(state: ModeratedAudit, event: UoppEvent): ModeratedAudit {
  const d = event.data;
  const meeting = d.meeting ?? (state.uoppMeetings.length === 0 ? 'INITIAL' : 'FOLLOW_UP');
  return {
    ...state,
    currentGrade: d.revisedGrade ?? state.currentGrade,
    uoppMeetings: [...state.uoppMeetings, { heldOn: d.heldOn, chairId: d.chairId, meeting, grade: d.from }],
    followUpUoppDue: d.followUpDue !== undefined && meeting === 'INITIAL' ? d.followUpDue : state.followUpUoppDue,
  };
}

function recordUoPPMeeting(command: RecordUoPPMeeting, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  // 000: one meeting within 5 (3) working days of moderation; for Inadequate work a further one 6 weeks later.
  const initial = state.status === 'MODERATED' ? state.uoppMeetings.find((m) => m.meeting === 'INITIAL') : undefined;
  const meeting: 'INITIAL' | 'FOLLOW_UP' = initial ? 'FOLLOW_UP' : 'INITIAL';
  // Naming oneself chair is not enough: only someone who may chair this meeting records it as its chair.
  const byOffice = actor.staffId === state.auditorId || actor.roles.some((r) => r === 'AUDIT_TEAM' || r === 'AUDIT_MANAGER');
  const asChair = actor.staffId === data.chairId && command.chair !== null && chairRefusal(command, state, meeting) === null;
  if (!byOffice && !asChair) throw forbidden('only the chair, the auditor, the audit manager or the audit team may record a UoPP meeting');
  requireStatus(state, ['MODERATED'], 'a UoPP meeting can be recorded');
  requireNotDipAudit(state, 'has no UoPP meeting of its own: the UoPP meetings are those of the audit it follows up');
  const current = state.currentGrade;

  // AFT-1/AFT-2: a follow-up is held while one is due: after a first meeting on Inadequate work still
  // Inadequate, or once a dispute decision lowered the work to Inadequate after the first meeting.
  const followUpDue =
    initial !== undefined && (state.followUpUoppDue !== null || (initial.grade === 'INADEQUATE' && isBelowGood(state.currentGrade)));
  if (initial && (!followUpDue || state.uoppMeetings.length > 1)) {
    throw conflict(
      state.uoppMeetings.length > 1
        ? 'the UoPP meeting and its follow-up are already recorded'
        : 'the UoPP meeting is already recorded; a follow-up meeting is only for Inadequate work',
    );
  }

  const heldOn = requireDate('heldOn', data.heldOn);
  if (heldOn > command.today) throw badInput('heldOn', `must not be in the future (today is ${command.today})`);
  if (heldOn < state.moderation.on) throw badInput('heldOn', `must not be before moderation was completed on ${state.moderation.on}`);
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

  const held: UoPPHeld = {
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
function chairRefusal(command: RecordUoPPMeeting, state: AllocatedAudit, meeting: 'INITIAL' | 'FOLLOW_UP'): DomainError | null {
  const chair = command.chair;
  if (!chair) return null;
  if (meeting === 'INITIAL') {
    if (currentGrade(state) === 'INADEQUATE') {
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
