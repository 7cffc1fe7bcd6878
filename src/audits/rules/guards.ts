import { badInput, conflict, forbidden, notFound } from '../../shared/errors.js';
import { GRADES, OVERALL, type AuditStatus, type Grade, type LocalDate } from '../../shared/domain-types.js';
import type { CommandContext } from '../../shared/decider.js';
import { isLocalDate } from '../../calendar/working-calendar.js';
import type { AllocatedAudit, AuditState, TemplateFact } from '../audit-state.js';

// The checks every capability of the audit decider (decider.ts) shares: the audit exists, the actor
// holds the audit's post, the audit is in a status the command allows, the input is well formed.

/** The template of the audit's own version: findTemplate(state.templateId, state.templateVersion). */
export type WithTemplate = { template: TemplateFact | undefined };

export function found<T>(fact: T | null | undefined, what: string, id: string): T {
  if (fact === null || fact === undefined) throw notFound(what, id);
  return fact;
}

/** AFT-4 (000 "Dip audits of audits that were graded RI/ inadequate"): the audit team's brief check. */
export function isDipAudit(state: Pick<AllocatedAudit, 'templateId' | 'reauditOfAuditId'>): boolean {
  return state.templateId === 'dip-sample' && state.reauditOfAuditId !== null;
}

export function requireNotDipAudit(state: AllocatedAudit, why: string): void {
  if (isDipAudit(state)) throw conflict(`AFT-4: a dip audit is the audit team's brief check of the work, and ${why}`);
}

/** The audit exists: allocated, so every field of AllocatedAudit has its meaning. */
export function requireAudit(state: AuditState, auditId: string): asserts state is AllocatedAudit {
  if (state.status === 'NOT_ALLOCATED') throw notFound('audit', auditId);
}

export function requireAuditor(command: CommandContext, state: AllocatedAudit, doing: string): void {
  if (command.actor.staffId !== state.auditorId) throw forbidden(`only the allocated auditor may ${doing}`);
}

export function requireModerator(command: CommandContext, state: AllocatedAudit, doing: string): void {
  if (command.actor.staffId !== state.moderatorId) throw forbidden(`only the allocated moderator may ${doing}`);
}

export function requireDate(field: string, value: unknown, hint = 'a date written YYYY-MM-DD'): LocalDate {
  if (typeof value !== 'string' || !isLocalDate(value)) throw badInput(field, `must be ${hint}`);
  return value;
}

/** The audit is in one of the statuses the command allows, and has what that status gives it (audit-state.ts). */
export function requireStatus<S extends AuditStatus>(state: AllocatedAudit, allowed: readonly S[], what: string): asserts state is Extract<AllocatedAudit, { status: S }> {
  if (!(allowed as readonly AuditStatus[]).includes(state.status)) {
    throw conflict(`the audit is ${state.status}: ${what} only while it is ${allowed.join(' or ')}`);
  }
}

export function requireGrade(field: string, grade: unknown): asserts grade is Grade {
  if (!GRADES.includes(grade as Grade)) throw badInput(field, `must be one of ${GRADES.join(', ')}`);
}

/** The template the audit was allocated with; a handler that passes another one has a bug. */
export function auditTemplate(command: WithTemplate, state: AllocatedAudit): TemplateFact {
  const template = command.template;
  if (!template || template.id !== state.templateId || template.version !== state.templateVersion) {
    throw new Error(`the command must carry template ${state.templateId} v${state.templateVersion}, the audit's own`);
  }
  return template;
}

/** A graded section of the audit's template, or OVERALL. */
export function requireGradeableSection(template: TemplateFact, section: string): void {
  if (section === OVERALL) return;
  const found = template.sections.find((s) => s.key === section);
  if (!found) throw badInput('section', `${String(section)} is not a section of template ${template.id} v${template.version}`);
  if (!found.graded) throw badInput('section', `${section} is not a graded section; grade a graded section or ${OVERALL}`);
}

/** Graded section keys of the template; OVERALL is never one of them. */
export function gradedSectionKeys(template: TemplateFact): string[] {
  return template.sections.filter((s) => s.graded && s.key !== OVERALL).map((s) => s.key);
}
