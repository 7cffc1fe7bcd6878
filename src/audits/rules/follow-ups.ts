import type { WorkingCalendar } from '../../calendar/working-calendar.js';
import { requireRole, requireText, type CommandContext } from '../../shared/decider.js';
import { conflict, forbidden } from '../../shared/errors.js';
import { gradeRank, isBelowGood, type Grade, type LocalDate } from '../../shared/domain-types.js';
import type { AuditState, ModeratedAudit } from '../audit-state.js';
import type { AuditEvent, EscalatedToDivisionalDirector, FollowUpKind, FollowUpsRevised, ReauditDue, UrgentIssuesAddressed } from '../events.js';
import * as deadlines from '../../shared/deadlines.js';
import { improvementEvidence, type GradedWork } from '../improvement.js';
import { requireAudit, requireStatus } from './guards.js';

/**
 * The follow-ups of moderated work (docs/rules/after-the-audit.md): the dip audit and re-audit, the
 * team manager's urgent issues on Inadequate work, the 4-month escalation to the divisional director;
 * and how they follow the grade when a dispute decision or UoPP meeting changes it (reviseFollowUps).
 */

/** 000: the team manager addresses the urgent issues of Inadequate work within 2 working days. */
export type RecordUrgentIssuesAddressed = CommandContext & {
  type: 'RecordUrgentIssuesAddressed';
  data: { auditId: string; summary: string };
};

/** 000: work not improved 4 months after moderation goes to the divisional director. */
export type EscalateToDivisionalDirector = CommandContext & {
  type: 'EscalateToDivisionalDirector';
  data: { auditId: string; summary: string };
  /** The audit's dip audits and re-audits, oldest first. */
  followUps: readonly GradedWork[];
};

export type FollowUpCommand = RecordUrgentIssuesAddressed | EscalateToDivisionalDirector;
export type FollowUpEvent = ReauditDue | FollowUpsRevised | UrgentIssuesAddressed | EscalatedToDivisionalDirector;

export function decide(command: FollowUpCommand, state: AuditState): AuditEvent[] {
  switch (command.type) {
    case 'RecordUrgentIssuesAddressed':
      return recordUrgentIssuesAddressed(command, state);
    case 'EscalateToDivisionalDirector':
      return escalateToDivisionalDirector(command, state);
  }
}

export function evolve(state: ModeratedAudit, event: FollowUpEvent): ModeratedAudit {
  switch (event.type) {
    case 'ReauditDue':
      return {
        ...state,
        dipAuditDue: event.data.dueOn,
        reauditRequired: true,
        improvementEscalationDue: event.data.escalateIfNotImprovedBy ?? state.improvementEscalationDue,
      };
    case 'FollowUpsRevised': {
      const d = event.data;
      return {
        ...state,
        reauditRequired: d.reauditRequired,
        dipAuditDue: d.dipAuditDue,
        improvementEscalationDue: d.escalateIfNotImprovedBy,
        urgentIssuesDue: d.urgentIssuesDue,
        uoppDue: d.uoppDue,
        followUpUoppDue: d.followUpUoppDue,
      };
    }
    case 'UrgentIssuesAddressed':
      return { ...state, urgentIssuesAddressedOn: event.data.addressedOn };
    case 'EscalatedToDivisionalDirector':
      return { ...state, escalatedToDirectorOn: event.data.escalatedOn };
  }
}

/**
 * 000: "The Team Manager will address urgent issues identified within 2 working days or sooner of the
 * moderated outcome" (Inadequate work). The case's team manager records that it was done; late is
 * recorded as late, not refused.
 */
function recordUrgentIssuesAddressed(command: RecordUrgentIssuesAddressed, state: AuditState): AuditEvent[] {
  const { data, actor } = command;
  requireAudit(state, data.auditId);
  if (actor.staffId !== state.teamManagerId) throw forbidden('only the team manager of the case may record that its urgent issues were addressed');
  requireStatus(state, ['MODERATED'], 'urgent issues can be recorded as addressed');
  if (state.urgentIssuesDue === null) {
    throw conflict(`audit ${state.id} has no urgent issues to address: they follow work moderated Inadequate`);
  }
  if (state.urgentIssuesAddressedOn !== null) {
    throw conflict(`the urgent issues of audit ${state.id} were already recorded as addressed on ${state.urgentIssuesAddressedOn}`);
  }
  const summary = requireText('summary', data.summary);
  return [
    {
      type: 'UrgentIssuesAddressed',
      data: { auditId: state.id, addressedById: actor.staffId, addressedOn: command.today, dueOn: state.urgentIssuesDue, summary },
    },
  ];
}

/**
 * 000 "6-month re-audit": "If any work has not improved by 4 months, the work will be escalated by the
 * audit team to the Divisional Director and reported to the CSCIB".
 */
function escalateToDivisionalDirector(command: EscalateToDivisionalDirector, state: AuditState): AuditEvent[] {
  const { data, actor, today } = command;
  requireRole(actor, ['AUDIT_TEAM'], 'escalate work to the divisional director');
  requireAudit(state, data.auditId);
  const summary = requireText('summary', data.summary);
  const dueOn = state.status === 'MODERATED' ? state.improvementEscalationDue : null;
  if (state.status !== 'MODERATED' || dueOn === null) throw conflict('only work moderated below Good, with a re-audit due, can be escalated to the divisional director');
  if (state.escalatedToDirectorOn !== null) throw conflict(`the work was already escalated to the divisional director on ${state.escalatedToDirectorOn}`);
  if (today < dueOn) throw conflict(`the work has until ${dueOn} (4 months after moderation) to improve before it is escalated`);
  const evidence = improvementEvidence({ auditId: state.id, status: state.status, currentGrade: state.currentGrade }, command.followUps);
  if (evidence.improved) {
    const where = evidence.evidenceAuditId ? `the follow-up audit ${evidence.evidenceAuditId}` : 'the audit';
    throw conflict(`the work has improved (${evidence.grade} in ${where}): only work still below Good is escalated`);
  }
  return [
    {
      type: 'EscalatedToDivisionalDirector',
      data: { auditId: state.id, dueOn, escalatedOn: today, escalatedById: actor.staffId, grade: evidence.grade!, evidenceAuditId: evidence.evidenceAuditId, summary },
    },
  ];
}

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
  after: ModeratedAudit,
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
