import { requireRole, requireText, type CommandContext } from '../../shared/decider.js';
import { badInput, conflict, notFound } from '../../shared/errors.js';
import { GRADES, isBelowGood, OVERALL, type Grade, type LocalDate } from '../../shared/domain-types.js';
import type { CycleFact, StaffFact } from '../../shared/facts.js';
import { isLocalDate } from '../../calendar/working-calendar.js';
import type { AllocatedAudit, AuditState } from '../audit-state.js';
import * as deadlines from '../../shared/deadlines.js';
import type { AuditEvent } from '../events.js';
import { isDipAudit, requireAudit } from './guards.js';

/**
 * Past work brought in from a tracker (src/imports): the steps a tracker records after allocation,
 * each as the audit team states it, decided on the audit's state like a live command so that history
 * the rules would refuse is never written. A tracker holds only the overall grades, so these stand in
 * for the live SetGrade, SubmitAudit, ModerateGrade and CompleteModeration (which ask for every
 * section), RecordUoPPMeeting (which asks who attended) and RecordUrgentIssuesAddressed (sent by the
 * team manager); each gives the ordinary events with the dates the tracker gives. Invalidation is the
 * live InvalidateAudit, decided on the day it stands for. Allocation is the live AllocateAudit with
 * `imported: true` (BEF-N2).
 *
 * Every date is the day the step took place: never after today, never before the step it follows.
 * Nothing is notified: the people concerned knew at the time.
 */

/** The auditor's overall grade and the submission (GradeSet, AuditSubmitted). */
export type ImportSubmission = CommandContext & {
  type: 'ImportSubmission';
  data: { auditId: string; submittedOn: LocalDate; overallGrade: Grade; rationale: string };
  /** The audit's own cycle: the moderation due date follows its month (BEF-5). */
  cycle: CycleFact | null;
};

/** The moderator's overall grade and the end of moderation (ModerationChanged, ModerationCompleted, ReauditDue). */
export type ImportModeration = CommandContext & {
  type: 'ImportModeration';
  data: {
    auditId: string;
    moderatedOn: LocalDate;
    moderatedGrade: Grade;
    rationale: string;
    /** The tracker's "Re-audit required": for work below Good the audit team may have said No. */
    reauditRequired: boolean;
    /** Whether the tracker kept the team manager's urgent issues at all: without, no deadline is made up. */
    urgentIssuesKept: boolean;
  };
};

export type ImportUrgentIssuesAddressed = CommandContext & {
  type: 'ImportUrgentIssuesAddressed';
  data: { auditId: string; addressedOn: LocalDate; summary: string };
};

/** The first UoPP meeting; a tracker records that it took place and who chaired it, not who attended. */
export type ImportUoPPMeeting = CommandContext & {
  type: 'ImportUoPPMeeting';
  data: { auditId: string; heldOn: LocalDate; chairId: string | null };
  chair: StaffFact | null;
};

export type ImportedHistoryCommand = ImportSubmission | ImportModeration | ImportUrgentIssuesAddressed | ImportUoPPMeeting;

export function decideImportedHistory(command: ImportedHistoryCommand, state: AuditState): AuditEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'import past audits');
  requireAudit(state, command.data.auditId);
  // AFT-4: a dip audit is the audit team's own check, done in the service; a tracker holds none.
  if (isDipAudit(state)) throw conflict('AFT-4: a dip audit is not imported: it is completed in the service');
  switch (command.type) {
    case 'ImportSubmission':
      return importSubmission(command, state);
    case 'ImportModeration':
      return importModeration(command, state);
    case 'ImportUrgentIssuesAddressed':
      return importUrgentIssuesAddressed(command, state);
    case 'ImportUoPPMeeting':
      return importUoPPMeeting(command, state);
  }
}

function importSubmission(command: ImportSubmission, state: AllocatedAudit): AuditEvent[] {
  const { data } = command;
  if (state.status !== 'ALLOCATED') throw conflict(`the audit is ${state.status}: only an allocated audit is submitted`);
  const cycle = command.cycle;
  if (!cycle || cycle.id !== state.cycleId) throw notFound('cycle', state.cycleId);
  const overallGrade = requireGrade('overallGrade', data.overallGrade);
  const rationale = requireText('rationale', data.rationale);
  const submittedOn = pastDate('submittedOn', data.submittedOn, command.today);
  return [
    { type: 'GradeSet', data: { auditId: state.id, section: OVERALL, from: null, to: overallGrade, rationale, auditorId: state.auditorId } },
    {
      type: 'AuditSubmitted',
      data: {
        auditId: state.id,
        submittedOn,
        overallGrade,
        moderationDue: deadlines.moderationDue(command.calendar, cycle.month, submittedOn, overallGrade),
        // A tracker holds no section grades to suggest an overall grade from.
        suggestedGrade: null,
        inconsistencies: [],
      },
    },
  ];
}

function importModeration(command: ImportModeration, state: AllocatedAudit): AuditEvent[] {
  const { data, calendar } = command;
  // DESIGN: moderation is of submitted work.
  if (state.status !== 'SUBMITTED') throw conflict(`the audit is ${state.status}: moderation follows submission, and the audit has no initial grade`);
  const moderated = requireGrade('moderatedGrade', data.moderatedGrade);
  const rationale = requireText('rationale', data.rationale);
  const moderatedOn = pastDate('moderatedOn', data.moderatedOn, command.today, { day: state.submission.on, what: 'the submission' });
  const belowGood = isBelowGood(moderated);
  // 000: the dip audit 6 weeks after moderation is for work moderated below Good.
  if (data.reauditRequired && !belowGood) {
    throw badInput('reauditRequired', 'only work moderated Requires improvement or Inadequate is re-audited (000: dip audit 6 weeks after moderation)');
  }
  const initial = state.submission.grade;
  const urgentIssuesDue = deadlines.urgentIssuesDue(calendar, moderatedOn, moderated);
  const events: AuditEvent[] = [
    { type: 'ModerationChanged', data: { auditId: state.id, section: OVERALL, from: initial, to: moderated, rationale, moderatorId: state.moderatorId } },
    {
      type: 'ModerationCompleted',
      data: {
        auditId: state.id,
        completedOn: moderatedOn,
        moderatedGrade: moderated,
        initialGrade: initial,
        uoppDue: deadlines.uoppDue(calendar, moderatedOn, moderated),
        // A tracker that never kept the urgent issues gives no such deadline: it would stand open, and overdue, for ever.
        urgentIssuesDue: data.urgentIssuesKept ? urgentIssuesDue : null,
        reauditRequired: data.reauditRequired,
      },
    },
  ];
  if (data.reauditRequired) {
    events.push({
      type: 'ReauditDue',
      data: {
        auditId: state.id,
        dueOn: deadlines.dipAuditDue(calendar, moderatedOn),
        moderatedGrade: moderated,
        kind: 'DIP_AUDIT',
        escalateIfNotImprovedBy: deadlines.improvementEscalationDue(calendar, moderatedOn),
      },
    });
  }
  return events;
}

/** 000: the team manager addresses the urgent issues of work moderated Inadequate. */
function importUrgentIssuesAddressed(command: ImportUrgentIssuesAddressed, state: AllocatedAudit): AuditEvent[] {
  const { data } = command;
  if (state.status !== 'MODERATED' || state.urgentIssuesDue === null) {
    throw badInput('addressedOn', 'is given, but only work moderated Inadequate has urgent issues for the team manager to address');
  }
  if (state.urgentIssuesAddressedOn !== null) throw conflict(`the urgent issues were already recorded as addressed on ${state.urgentIssuesAddressedOn}`);
  const addressedOn = pastDate('addressedOn', data.addressedOn, command.today, { day: state.moderation.on, what: 'moderation' });
  const summary = requireText('summary', data.summary);
  return [{ type: 'UrgentIssuesAddressed', data: { auditId: state.id, addressedById: state.teamManagerId, addressedOn, dueOn: state.urgentIssuesDue, summary } }];
}

/**
 * 000: the UoPP meeting follows moderation; it is led by the audit manager where the moderated grade is
 * Inadequate and chaired by the auditor for RI and above (as the live RecordUoPPMeeting's chair rule).
 */
function importUoPPMeeting(command: ImportUoPPMeeting, state: AllocatedAudit): AuditEvent[] {
  const { data } = command;
  if (state.status !== 'MODERATED') throw conflict('a UoPP meeting follows moderation: the audit has no moderated grade');
  if (state.uoppMeetings.length > 0) throw conflict('the UoPP meeting is already recorded');
  const heldOn = pastDate('heldOn', data.heldOn, command.today, { day: state.moderation.on, what: 'moderation' });
  const grade = state.currentGrade;
  if (grade === 'INADEQUATE') {
    if (data.chairId === null) throw badInput('chairId', 'must name the audit manager who chaired the UoPP meeting: for Inadequate work the audit manager leads it');
    const chair = command.chair;
    if (!chair || chair.id !== data.chairId) throw notFound('staff member', data.chairId);
    if (!chair.roles.includes('AUDIT_MANAGER')) throw badInput('chairId', 'for Inadequate work the audit manager chairs the UoPP meeting');
  } else if (data.chairId !== state.auditorId) {
    throw badInput('chairId', 'for work graded Requires improvement and above the auditor chairs the UoPP meeting');
  }
  return [
    {
      type: 'UoPPHeld',
      data: {
        auditId: state.id,
        heldOn,
        chairId: data.chairId!,
        // The tracker records that the meeting took place, not who attended it.
        attendeeIds: [],
        from: grade,
        revisedGrade: null,
        rationale: null,
        meeting: 'INITIAL',
        linkedPlan: null,
        followUpDue: deadlines.followUpUoppDue(command.calendar, heldOn, grade),
      },
    },
  ];
}

function requireGrade(field: string, grade: unknown): Grade {
  if (!GRADES.includes(grade as Grade)) throw badInput(field, `must be one of ${GRADES.join(', ')}`);
  return grade as Grade;
}

/** A day in the past (today at the latest), not before the step it follows. */
function pastDate(field: string, value: unknown, today: LocalDate, after?: { day: LocalDate | null; what: string }): LocalDate {
  if (typeof value !== 'string' || !isLocalDate(value)) throw badInput(field, 'must be a date written YYYY-MM-DD');
  if (value > today) throw badInput(field, `${value} is after today`);
  if (after?.day && value < after.day) throw badInput(field, `${value} is before ${after.what} (${after.day})`);
  return value;
}
