import { conflict, forbidden } from '../../shared/errors.js';
import { isBelowGood, type Grade } from '../../shared/domain-types.js';
import type { CommandContext } from '../../shared/decider.js';
import type { AllocatedAudit, AuditState, TemplateFact } from '../audit-state.js';
import type { AuditEvent } from '../events.js';
import { requireAudit } from './guards.js';
import * as deadlines from '../../shared/deadlines.js';

/**
 * AUD-10 (004 "10% of audits received are moderated each month by the AP team"; docs/rules/the-audit.md):
 * once the month's sample is drawn on the cycle (src/cycles/moderation-sample.ts), each audit it was
 * drawn from learns its part: chosen for moderation, or complete without moderation, its auditor's
 * grade standing as the outcome and the follow-ups that grade requires starting as after moderation.
 */

export type ApplyModerationSample = CommandContext & {
  type: 'ApplyModerationSample';
  data: { auditId: string; cycleId: string; sampleId: string; sampled: boolean };
  template: TemplateFact | undefined;
};

export function applyModerationSample(command: ApplyModerationSample, state: AuditState): AuditEvent[] {
  const { data, calendar, today } = command;
  if (!command.actor.roles.includes('AUDIT_TEAM')) throw forbidden('only AUDIT_TEAM may apply the moderation sample');
  requireAudit(state, data.auditId);
  if (!command.template?.moderationSamplePercent) {
    throw conflict(`AUD-10: audit ${state.id} is on template ${state.templateId} v${state.templateVersion}, which moderates every audit, not a sample`);
  }
  if (data.cycleId !== state.cycleId) throw conflict(`AUD-10: audit ${state.id} is not of cycle ${data.cycleId}`);
  if (state.moderationSample !== null) throw conflict(`AUD-10: audit ${state.id} is already ${state.moderationSample === 'IN_SAMPLE' ? 'in' : 'outside'} a moderation sample`);
  if (state.status !== 'SUBMITTED') throw conflict(`AUD-10: the audit is ${state.status}: the moderation sample is drawn from audits submitted`);
  if (data.sampled) return [{ type: 'ChosenForModeration', data: { auditId: state.id, cycleId: state.cycleId, sampleId: data.sampleId, chosenOn: today } }];

  const grade: Grade = state.submission.grade;
  const events: AuditEvent[] = [
    {
      type: 'ModerationCompleted',
      data: {
        auditId: state.id,
        completedOn: today,
        moderatedGrade: grade,
        initialGrade: grade,
        uoppDue: deadlines.uoppDue(calendar, today, grade),
        urgentIssuesDue: deadlines.urgentIssuesDue(calendar, today, grade),
        reauditRequired: isBelowGood(grade),
        moderated: false,
        sampleId: data.sampleId,
      },
    },
  ];
  if (isBelowGood(grade)) {
    events.push({
      type: 'ReauditDue',
      data: {
        auditId: state.id,
        dueOn: deadlines.dipAuditDue(calendar, today),
        moderatedGrade: grade,
        kind: 'DIP_AUDIT',
        escalateIfNotImprovedBy: deadlines.improvementEscalationDue(calendar, today),
      },
    });
  }
  return events;
}

/** AUD-10: on a template moderated by sample, only an audit chosen for moderation is moderated. */
export function requireChosenForModeration(template: TemplateFact, state: AllocatedAudit): void {
  if (template.moderationSamplePercent && state.moderationSample !== 'IN_SAMPLE') {
    throw conflict(
      `AUD-10: audit ${state.id} is not in the month's moderation sample: on template ${template.id} v${template.version} only the ${template.moderationSamplePercent}% sample the audit team draws is moderated`,
    );
  }
}
