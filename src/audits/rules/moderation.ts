import { requireText, type CommandContext } from '../../shared/decider.js';
import { conflict, forbidden } from '../../shared/errors.js';
import { OVERALL, isBelowGood, type Grade } from '../../shared/domain-types.js';
import { auditCommon, type AllocatedAudit, type AuditState } from '../audit-state.js';
import type { AuditEvent, ChosenForModeration, ModerationChanged, ModerationCompleted } from '../events.js';
import * as deadlines from '../../shared/deadlines.js';
import { inadequateNotification } from './inadequate-notification.js';
import { applyModerationSample, requireChosenForModeration, type ApplyModerationSample } from './moderation-sample.js';
import { auditTemplate, requireAudit, requireGrade, requireGradeableSection, requireStatus, type WithTemplate } from './guards.js';

/**
 * Moderation (docs/rules/the-audit.md): the allocated moderator, or a member of the cycle's moderation
 * group (AUD-13), agrees or changes each grade with a rationale and completes moderation, which starts
 * the follow-ups the moderated grade needs; on a template moderated by sample, only the audits the
 * month's sample chose are moderated (AUD-10, moderation-sample.ts).
 */

/** AUD-13: the moderation group of the audit's cycle, when the programme moderates it by group. */
type WithModerationGroup = { moderationGroupIds?: readonly string[] };

export type ModerateGrade = CommandContext &
  WithTemplate &
  WithModerationGroup & {
    type: 'ModerateGrade';
    data: { auditId: string; section: string; grade: Grade; rationale: string };
  };

export type CompleteModeration = CommandContext & WithModerationGroup & { type: 'CompleteModeration'; data: { auditId: string } };

export type ModerationCommand = ModerateGrade | CompleteModeration | ApplyModerationSample;
export type ModerationEvent = ModerationChanged | ModerationCompleted | ChosenForModeration;

export function decide(command: ModerationCommand, state: AuditState): AuditEvent[] {
  switch (command.type) {
    case 'ModerateGrade':
      return moderateGrade(command, state);
    case 'CompleteModeration':
      return completeModeration(command, state);
    case 'ApplyModerationSample':
      return applyModerationSample(command, state);
  }
}

export function evolve(state: AllocatedAudit, event: ModerationEvent): AllocatedAudit {
  switch (event.type) {
    case 'ModerationChanged':
      return { ...state, moderatorGrades: { ...state.moderatorGrades, [event.data.section]: event.data.to } };
    case 'ModerationCompleted': {
      // Decided only on submitted work: completeModeration, the sample's (AUD-10) or a dip audit's submission (AFT-4).
      if (state.status !== 'SUBMITTED') return state;
      const d = event.data;
      return {
        ...auditCommon(state),
        status: 'MODERATED',
        submission: state.submission,
        moderation: { on: d.completedOn, grade: d.moderatedGrade },
        currentGrade: d.moderatedGrade,
        uoppDue: d.uoppDue ?? null,
        urgentIssuesDue: d.urgentIssuesDue ?? null,
        urgentIssuesAddressedOn: null,
        followUpUoppDue: null,
        dipAuditDue: null,
        reauditRequired: d.reauditRequired ?? isBelowGood(d.moderatedGrade),
        uoppMeetings: [],
        disputes: {},
        disputeOrder: [],
        improvementEscalationDue: null,
        escalatedToDirectorOn: null,
        moderationSample: d.moderated === false && d.sampleId ? 'OUTSIDE_SAMPLE' : state.moderationSample,
      };
    }
    case 'ChosenForModeration':
      return { ...state, moderationSample: 'IN_SAMPLE' };
  }
}

function moderateGrade(command: ModerateGrade, state: AuditState): AuditEvent[] {
  const { data } = command;
  requireAudit(state, data.auditId);
  requireModeratorOrGroup(command, state, 'moderate it');
  requireStatus(state, ['SUBMITTED'], 'the audit can be moderated');
  const template = auditTemplate(command, state);
  requireChosenForModeration(template, state);
  requireGradeableSection(template, data.section);
  requireGrade('grade', data.grade);
  const rationale = requireText('rationale', data.rationale);
  return [
    {
      type: 'ModerationChanged',
      data: {
        auditId: state.id,
        section: data.section,
        // Against the moderator's own earlier decision when there is one, so the history chains.
        from: state.moderatorGrades[data.section] ?? state.auditorGrades[data.section] ?? null,
        to: data.grade,
        rationale,
        // AUD-13: who moderated: the allocated moderator, or a member of the cycle's moderation group.
        moderatorId: command.actor.staffId,
      },
    },
  ];
}

/**
 * The moderator must have decided the overall grade (agreed or changed); a section the moderator did
 * not touch keeps the auditor's grade (000: the moderator "will note any disagreement").
 */
function completeModeration(command: CompleteModeration, state: AuditState): AuditEvent[] {
  requireAudit(state, command.data.auditId);
  requireModeratorOrGroup(command, state, 'complete moderation');
  requireStatus(state, ['SUBMITTED'], 'moderation can be completed');
  const moderated = state.moderatorGrades[OVERALL];
  if (!moderated) throw conflict(`moderation is not complete: the ${OVERALL} grade has not been moderated (agree or change it first)`);
  const { calendar, today } = command;
  const events: AuditEvent[] = [
    {
      type: 'ModerationCompleted',
      data: {
        auditId: state.id,
        completedOn: today,
        moderatedGrade: moderated,
        initialGrade: state.submission.grade,
        uoppDue: deadlines.uoppDue(calendar, today, moderated),
        urgentIssuesDue: deadlines.urgentIssuesDue(calendar, today, moderated),
        reauditRequired: isBelowGood(moderated),
      },
    },
  ];
  if (isBelowGood(moderated)) {
    events.push({
      type: 'ReauditDue',
      data: {
        auditId: state.id,
        dueOn: deadlines.dipAuditDue(calendar, today),
        moderatedGrade: moderated,
        kind: 'DIP_AUDIT',
        escalateIfNotImprovedBy: deadlines.improvementEscalationDue(calendar, today),
      },
    });
  }
  // Inadequate only after moderation: the people the auditor would have told still need to know.
  if (moderated === 'INADEQUATE' && !state.inadequateNotified) {
    events.push(inadequateNotification(state, 'INADEQUATE_MODERATED', today, state.moderatorId));
  }
  return events;
}

/**
 * AUD-13 (001 "Moderation"): where the programme moderates the cycle by group, any member of the group
 * may moderate, as long as they are independent of the case (not its auditor, practitioner or team manager).
 */
function requireModeratorOrGroup(command: CommandContext & WithModerationGroup, state: AllocatedAudit, doing: string): void {
  const me = command.actor.staffId;
  if (me === state.moderatorId) return;
  if (!(command.moderationGroupIds ?? []).includes(me)) {
    throw forbidden(`only the allocated moderator${command.moderationGroupIds?.length ? " or a member of the cycle's moderation group (AUD-13)" : ''} may ${doing}`);
  }
  if (me === state.auditorId || me === state.practitionerId || me === state.teamManagerId) {
    throw forbidden(`AUD-13: a member of the moderation group moderates only audits they are independent of: not their own audit, nor one of their own case`);
  }
}
