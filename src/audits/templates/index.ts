import { OVERALL } from '../../shared/domain-types.js';
import { DIP_SAMPLE_V1 } from './dip-sample.v1.js';
import { EARLY_HELP_UOP_V1 } from './early-help-uop.v1.js';
import { EARLY_HELP_UOP_V2 } from './early-help-uop.v2.js';
import { SOCIAL_CARE_V1 } from './social-care.v1.js';
import { SOCIAL_CARE_V2 } from './social-care.v2.js';
import { SOCIAL_CARE_V3 } from './social-care.v3.js';
import type { AuditTemplate, TemplateQuestion, TemplateSection } from './template.js';

export type { AuditTemplate, TemplateQuestion, TemplateSection } from './template.js';

/**
 * Every published template version. A new version is a new entry (a new file beside the old one);
 * an entry is never edited, because audits allocated with it keep reading it.
 *
 * The overall grade of any audit is recorded under the section key OVERALL. Only the Early Help
 * template lists OVERALL among its sections (its section 1, not graded as a section, no questions);
 * for the others OVERALL is implied.
 */
export const TEMPLATES: readonly AuditTemplate[] = [EARLY_HELP_UOP_V1, SOCIAL_CARE_V1, DIP_SAMPLE_V1, EARLY_HELP_UOP_V2, SOCIAL_CARE_V2, SOCIAL_CARE_V3].map(deepFreeze);

export const DEFAULT_TEMPLATE_ID = 'early-help-uop';

/** The given version of a template, or its latest version when none is given. */
export function findTemplate(id: string, version?: number): AuditTemplate | undefined {
  const versions = TEMPLATES.filter((t) => t.id === id);
  if (version !== undefined) return versions.find((t) => t.version === version);
  return versions.reduce<AuditTemplate | undefined>((latest, t) => (!latest || t.version > latest.version ? t : latest), undefined);
}

/** The latest version of each template, in the order they were first published. */
export function latestTemplates(): AuditTemplate[] {
  const ids = [...new Set(TEMPLATES.map((t) => t.id))];
  return ids.map((id) => findTemplate(id)!);
}

export function findSection(template: AuditTemplate, key: string): TemplateSection | undefined {
  return template.sections.find((s) => s.key === key);
}

/** The question and its section; question keys are unique across the template. */
export function findQuestion(
  template: AuditTemplate,
  key: string,
): { section: TemplateSection; question: TemplateQuestion } | undefined {
  for (const section of template.sections) {
    const question = section.questions.find((q) => q.key === key);
    if (question) return { section, question };
  }
  return undefined;
}

/** The sections the auditor and moderator grade, which an overall grade is suggested from. */
export function gradedSections(template: AuditTemplate): TemplateSection[] {
  return template.sections.filter((s) => s.graded);
}

/** A grade may be given for a graded section, or for the audit as a whole (OVERALL). */
export function isGradeableSection(template: AuditTemplate, key: string): boolean {
  return key === OVERALL || findSection(template, key)?.graded === true;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
