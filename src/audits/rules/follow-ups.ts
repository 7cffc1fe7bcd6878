import type { WorkingCalendar } from '../../calendar/working-calendar.js';
import { gradeRank, isBelowGood, type Grade, type LocalDate } from '../../shared/domain-types.js';
import type { AuditState } from '../audit-state.js';
import type { AuditEvent, FollowUpKind } from '../events.js';
import * as deadlines from '../deadlines.js';

/**
 * AFT-1 and AFT-2 (docs/rules/after-the-audit.md): the follow-ups of work follow its current grade,
 * whoever set it. 000 ties them to the grade: RI and Inadequate work get a dip audit 6 weeks on, a
 * re-audit proposal and the 4-month escalation; Inadequate work also gets urgent issues within 2
 * working days, a UoPP within 3 led by the audit manager, and a follow-up UoPP 6 weeks after the
 * first. Moderation starts them (completeModeration); a dispute decision that lowers the grade later
 * starts the ones the new grade needs, dated from that decision; a decision or UoPP meeting that raises
 * the work to Good or better ends the ones still open. Both in a FollowUpsRevised event (and ReauditDue
 * when a dip audit starts).
 *
 * `after` is the audit's state with the new grade already applied (evolve of DisputeResolved or
 * UoPPHeld); `from` the grade before. Returns [] when the grade did not change.
 */
export function reviseFollowUps(
  after: AuditState,
  from: Grade,
  cause: 'DISPUTE' | 'UOPP',
  on: LocalDate,
  calendar: WorkingCalendar,
): AuditEvent[] {
  const to = after.currentGrade;
  if (to === null || to === from) return [];
  const lowered = gradeRank(to) < gradeRank(from);
  const started: FollowUpKind[] = [];
  const ended: FollowUpKind[] = [];
  let { reauditRequired, dipAuditDue, improvementEscalationDue, urgentIssuesDue, uoppDue, followUpUoppDue } = after;
  const firstUoppHeld = after.uoppMeetings.some((m) => m.meeting === 'INITIAL');
  const followUpHeld = after.uoppMeetings.some((m) => m.meeting === 'FOLLOW_UP');
  const urgentOpen = urgentIssuesDue !== null && after.urgentIssuesAddressedOn === null;
  const extra: AuditEvent[] = [];

  if (isBelowGood(to)) {
    if (dipAuditDue === null) {
      dipAuditDue = deadlines.dipAuditDue(calendar, on);
      improvementEscalationDue = deadlines.improvementEscalationDue(calendar, on);
      started.push('DIP_AUDIT', 'IMPROVEMENT_ESCALATION');
      extra.push({ type: 'ReauditDue', data: { auditId: after.id, dueOn: dipAuditDue, moderatedGrade: to, kind: 'DIP_AUDIT', escalateIfNotImprovedBy: improvementEscalationDue } });
    }
    if (!reauditRequired) {
      reauditRequired = true;
      started.push('REAUDIT');
    }
    // Lowered before the first meeting: the meeting's timescale (3 working days for Inadequate) runs from the decision.
    if (lowered && !firstUoppHeld) {
      uoppDue = deadlines.uoppDue(calendar, on, to);
      started.push('UOPP');
    }
    if (to === 'INADEQUATE') {
      if (urgentIssuesDue === null && after.urgentIssuesAddressedOn === null) {
        urgentIssuesDue = deadlines.urgentIssuesDue(calendar, on, to);
        started.push('URGENT_ISSUES');
      }
      if (firstUoppHeld && !followUpHeld && followUpUoppDue === null) {
        followUpUoppDue = deadlines.followUpUoppDue(calendar, on, to);
        started.push('FOLLOW_UP_UOPP');
      }
    }
    // Inadequate raised to RI ends nothing: the plan for Inadequate work runs until the work is Good
    // (000: the coordinator lead tracks it "to ensure that the work is progressing to Good/ Outstanding").
  } else {
    if (dipAuditDue !== null) {
      dipAuditDue = null;
      ended.push('DIP_AUDIT');
    }
    if (reauditRequired) {
      reauditRequired = false;
      ended.push('REAUDIT');
    }
    if (improvementEscalationDue !== null && after.escalatedToDirectorOn === null) {
      improvementEscalationDue = null;
      ended.push('IMPROVEMENT_ESCALATION');
    }
    if (urgentOpen) {
      urgentIssuesDue = null;
      ended.push('URGENT_ISSUES');
    }
    if (followUpUoppDue !== null && !followUpHeld) {
      followUpUoppDue = null;
      ended.push('FOLLOW_UP_UOPP');
    }
  }
  if (started.length === 0 && ended.length === 0) return [];
  const revised: AuditEvent = {
    type: 'FollowUpsRevised',
    data: {
      auditId: after.id,
      revisedOn: on,
      cause,
      from,
      to,
      started,
      ended,
      reauditRequired,
      dipAuditDue,
      escalateIfNotImprovedBy: improvementEscalationDue,
      urgentIssuesDue,
      uoppDue,
      followUpUoppDue,
    },
  };
  return [revised, ...extra];
}
