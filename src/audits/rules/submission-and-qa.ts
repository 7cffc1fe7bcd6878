import { requireRole, requireText, type CommandContext } from '../../shared/decider.js';
import { badInput, conflict, notFound } from '../../shared/errors.js';
import { OVERALL, isBelowGood, type Grade, type LocalDate } from '../../shared/domain-types.js';
import type { CycleFact } from '../../shared/facts.js';
import { auditCommon, type AllocatedAudit, type AuditState } from '../audit-state.js';
import type { AuditEvent, AuditInvalidated, AuditReturnedForRectification, AuditSubmitted } from '../events.js';
import { overallGradeInconsistencies, suggestOverall } from '../grading.js';
import * as deadlines from '../../shared/deadlines.js';
import { inadequateNotification } from './inadequate-notification.js';
import { requireActionToGood, requireCollaborativeDiscussion } from './submission.js';
import { auditTemplate, gradedSectionKeys, isDipAudit, requireAudit, requireAuditor, requireDate, requireStatus, type WithTemplate } from './guards.js';

/**
 * Submission and the audit team's QA (docs/rules/the-audit.md): the auditor submits a fully graded
 * audit (AUD-4, AUD-9, AUD-1 in submission.ts); the audit team returns it for rectification or
 * invalidates it. A dip audit completes on submission (AFT-4, AFT-5).
 */

/** Facts about the audit's cycle, for deadlines. */
type WithCycle = { cycle: CycleFact | null };

export type SubmitAudit = CommandContext & WithTemplate & WithCycle & { type: 'SubmitAudit'; data: { auditId: string } };

export type ReturnForRectification = CommandContext & {
  type: 'ReturnForRectification';
  data: { auditId: string; reason: string; rectifyBy: LocalDate };
};

export type InvalidateAudit = CommandContext & { type: 'InvalidateAudit'; data: { auditId: string; reason: string } };

export type SubmissionCommand = SubmitAudit | ReturnForRectification | InvalidateAudit;
export type SubmissionEvent = AuditSubmitted | AuditReturnedForRectification | AuditInvalidated;

export function decide(command: SubmissionCommand, state: AuditState): AuditEvent[] {
  switch (command.type) {
    case 'SubmitAudit':
      return submitAudit(command, state);
    case 'ReturnForRectification':
      return returnForRectification(command, state);
    case 'InvalidateAudit':
      return invalidateAudit(command, state);
  }
}

export function evolve(state: AllocatedAudit, event: SubmissionEvent): AllocatedAudit {
  // Each is decided only in the statuses it leaves (submitAudit, returnForRectification, invalidateAudit).
  if (state.status === 'MODERATED') return state;
  const audit = auditCommon(state);
  switch (event.type) {
    case 'AuditSubmitted':
      return {
        ...audit,
        status: 'SUBMITTED',
        submission: { on: event.data.submittedOn, grade: event.data.overallGrade },
        moderationDue: event.data.moderationDue,
        moderatorGrades: {},
        moderation: null,
      };
    case 'AuditReturnedForRectification':
      if (state.status !== 'SUBMITTED') return state;
      // The grades the moderator judged may change: moderation starts again on resubmission.
      return { ...audit, status: 'RETURNED', submission: state.submission, rectifyBy: event.data.rectifyBy, moderatorGrades: {}, moderation: null };
    case 'AuditInvalidated':
      return { ...audit, status: 'INVALIDATED', submission: state.submission, moderation: null };
  }
}

function submitAudit(command: SubmitAudit, state: AuditState): AuditEvent[] {
  requireAudit(state, command.data.auditId);
  requireAuditor(command, state, 'submit it');
  requireStatus(state, ['ALLOCATED', 'RETURNED'], 'the audit can be submitted');
  const template = auditTemplate(command, state);
  const cycle = command.cycle;
  if (!cycle) throw notFound('cycle', state.cycleId);
  if (cycle.id !== state.cycleId) throw new Error(`the command must carry cycle ${state.cycleId}, the audit's own`);

  const overall = state.auditorGrades[OVERALL];
  if (!overall) throw conflict(`cannot submit: the ${OVERALL} grade is required`);
  // AUD-9: only the sections relevant to the case need a grade; one marked not applicable is left out.
  const sections = gradedSectionKeys(template).filter((key) => state.notApplicable[key] === undefined);
  const ungraded = sections.filter((key) => !state.auditorGrades[key]);
  if (ungraded.length > 0) {
    const or = template.sectionsMayBeNotApplicable ? ' (or mark it not applicable, rule AUD-9)' : '';
    throw conflict(`cannot submit: every graded section needs a grade${or}; not graded: ${ungraded.join(', ')}`);
  }

  requireActionToGood(overall, state.actions, template.kind);
  requireCollaborativeDiscussion(template.collaborativeDiscussion === 'REQUIRED', state.collaborativeDiscussionOn);

  const sectionGrades = sections.map((key) => state.auditorGrades[key]);
  const suggestion = suggestOverall(sectionGrades);
  const events: AuditEvent[] = [
    {
      type: 'AuditSubmitted',
      data: {
        auditId: state.id,
        submittedOn: command.today,
        overallGrade: overall,
        moderationDue: deadlines.moderationDue(command.calendar, cycle.month, command.today, overall),
        suggestedGrade: suggestion?.grade ?? null,
        suggestionRule: suggestion?.explanation ?? null,
        inconsistencies: overallGradeInconsistencies(overall, sectionGrades),
      },
    },
  ];
  if (isDipAudit(state)) return [...events, ...dipAuditCompleted(state, overall, command.today)];
  // 000: work the auditor deems Inadequate is notified "immediately by the auditor".
  if (overall === 'INADEQUATE' && !state.inadequateNotified) {
    events.push(inadequateNotification(state, 'INADEQUATE_SUBMITTED', command.today, state.auditorId));
  }
  return events;
}

/**
 * AFT-4 (000 "Dip audits of audits that were graded RI/ inadequate": "This dip audit will be completed
 * by the Audit Team … The findings of this dip audit will be shared with the HoS, Early Help Coordinator
 * Lead"): a dip audit completes on submission, without moderation, UoPP or follow-ups of its own; its
 * findings go to the head of service and the coordinator lead (src/notifications, DIP_AUDIT_FINDINGS).
 * AFT-5 (000 RI: "After 6 weeks the work will be re-audited by the Audit Team … If the work is still
 * deemed to require improvement it will be referred to the relevant EH Coordinator Lead to address,
 * with the Head of Service"): work the dip audit finds still below Good is referred to the coordinator lead.
 */
function dipAuditCompleted(state: AllocatedAudit, grade: Grade, today: LocalDate): AuditEvent[] {
  const events: AuditEvent[] = [
    {
      type: 'ModerationCompleted',
      data: { auditId: state.id, completedOn: today, moderatedGrade: grade, initialGrade: grade, urgentIssuesDue: null, reauditRequired: false, moderated: false },
    },
  ];
  if (isBelowGood(grade)) {
    events.push({ type: 'ReferredToCoordinatorLead', data: { auditId: state.id, originalAuditId: state.reauditOfAuditId!, grade, referredOn: today } });
  }
  return events;
}

/** 000: an audit not completed to a sufficient standard goes back to the auditor with a timescale. */
function returnForRectification(command: ReturnForRectification, state: AuditState): AuditEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'return an audit for rectification');
  requireAudit(state, command.data.auditId);
  requireStatus(state, ['SUBMITTED'], 'the audit can be returned for rectification');
  const reason = requireText('reason', command.data.reason);
  const rectifyBy = requireDate('rectifyBy', command.data.rectifyBy);
  if (rectifyBy < command.today) throw badInput('rectifyBy', `must not be in the past (today is ${command.today})`);
  return [
    {
      type: 'AuditReturnedForRectification',
      data: { auditId: state.id, returnedById: command.actor.staffId, returnedOn: command.today, reason, rectifyBy },
    },
  ];
}

/**
 * 000: e.g. an audit done without contacting the practitioner is likely to be invalidated. Only before
 * moderation completes: a moderated grade has fed the board report, and is challenged by dispute instead.
 */
function invalidateAudit(command: InvalidateAudit, state: AuditState): AuditEvent[] {
  requireRole(command.actor, ['AUDIT_TEAM'], 'invalidate an audit');
  requireAudit(state, command.data.auditId);
  requireStatus(state, ['ALLOCATED', 'SUBMITTED', 'RETURNED'], 'the audit can be invalidated');
  const reason = requireText('reason', command.data.reason);
  return [{ type: 'AuditInvalidated', data: { auditId: state.id, invalidatedById: command.actor.staffId, invalidatedOn: command.today, reason } }];
}
