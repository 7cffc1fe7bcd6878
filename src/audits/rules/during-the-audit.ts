import { badInput, conflict, forbidden } from '../../shared/errors.js';
import { OVERALL, type LocalDate } from '../../shared/domain-types.js';
import { isLocalDate } from '../../calendar/working-calendar.js';
import { requireText, type CommandContext } from '../../shared/decider.js';
import type { AllocatedAudit, AuditState, TemplateFact } from '../audit-state.js';
import type { AuditEvent } from '../events.js';
import { requireAudit } from './guards.js';

/**
 * Rules of the audit itself that are not about grades (docs/rules/the-audit.md): the collaborative
 * discussion (AUD-1) and a section marked not applicable (AUD-8). Called from decider.ts.
 */

export type RecordCollaborativeDiscussion = CommandContext & {
  type: 'RecordCollaborativeDiscussion';
  data: { auditId: string; discussedOn: LocalDate; withIds: string[] };
};

export type MarkSectionNotApplicable = CommandContext & {
  type: 'MarkSectionNotApplicable';
  data: { auditId: string; section: string; reason: string };
  template: TemplateFact | undefined;
};

/**
 * AUD-1 (000 "Completion of collaborative auditing": the auditor reviews the case "with the
 * practitioner and/or manager"; 003 header "Date of collaborative discussion"): the allocated auditor
 * records when the discussion took place and with whom, the practitioner or team manager of the case.
 * A later record replaces the date (a second discussion after a return for rectification).
 */
export function recordCollaborativeDiscussion(command: RecordCollaborativeDiscussion, state: AuditState): AuditEvent[] {
  const { data, actor, today } = command;
  openToAuditor(command, state, 'record the collaborative discussion');
  if (typeof data.discussedOn !== 'string' || !isLocalDate(data.discussedOn)) throw badInput('discussedOn', 'must be a date written YYYY-MM-DD');
  if (data.discussedOn > today) throw badInput('discussedOn', `must not be in the future (today is ${today})`);
  if (!Array.isArray(data.withIds) || data.withIds.length === 0) {
    throw badInput('withIds', 'name who took part: the practitioner and/or the team manager of the case (rule AUD-1)');
  }
  const withIds = [...new Set(data.withIds)];
  const stranger = withIds.find((id) => id !== state.practitionerId && id !== state.teamManagerId);
  if (stranger !== undefined) {
    throw badInput('withIds', `${stranger} is neither the practitioner (${state.practitionerId}) nor the team manager (${state.teamManagerId}) of the case (rule AUD-1)`);
  }
  return [{ type: 'CollaborativeDiscussionRecorded', data: { auditId: state.id, discussedOn: data.discussedOn, withIds, recordedById: actor.staffId } }];
}

/**
 * AUD-8 (004 "Do not feel you need to fill in every box - fill in the boxes which are relevant to this
 * case"): for a template that allows it, the auditor marks a graded section not applicable, with the
 * reason; a later grade for the section replaces the mark (and the mark replaces an earlier grade).
 */
export function markSectionNotApplicable(command: MarkSectionNotApplicable, state: AuditState): AuditEvent[] {
  const { data } = command;
  openToAuditor(command, state, 'mark a section not applicable');
  const template = command.template;
  if (!template || template.id !== state.templateId || template.version !== state.templateVersion) {
    throw new Error(`the command must carry template ${state.templateId} v${state.templateVersion}, the audit's own`);
  }
  if (data.section === OVERALL) throw badInput('section', `${OVERALL} is the judgement of the whole file: it always takes a grade`);
  const section = template.sections.find((s) => s.key === data.section);
  if (!section) throw badInput('section', `${String(data.section)} is not a section of template ${template.id} v${template.version}`);
  if (!section.graded) throw badInput('section', `${section.key} is not a graded section: there is no grade to set aside`);
  if (template.sectionsMayBeNotApplicable !== true) {
    throw badInput('section', `template ${template.id} v${template.version} grades every section: none can be marked not applicable (rule AUD-8)`);
  }
  const reason = requireText('reason', data.reason);
  return [{ type: 'SectionMarkedNotApplicable', data: { auditId: state.id, section: section.key, reason, auditorId: state.auditorId } }];
}

function openToAuditor(command: CommandContext & { data: { auditId: string } }, state: AuditState, doing: string): asserts state is AllocatedAudit {
  requireAudit(state, command.data.auditId);
  if (command.actor.staffId !== state.auditorId) throw forbidden(`only the allocated auditor may ${doing}`);
  if (state.status !== 'ALLOCATED' && state.status !== 'RETURNED') {
    throw conflict(`the audit is ${state.status}: the auditor may ${doing} only while it is ALLOCATED or RETURNED`);
  }
}
