import type { TemplateQuestion } from '../../shared/audit-template.js';
import { ANSWERS, type Answer } from '../../shared/domain-types.js';

/**
 * Helpers for writing the template versions beside this file. The shape of a template is the
 * kernel's (src/shared/audit-template.ts): the dip sample decider is given templates too.
 */
export type { AuditTemplate, TemplateQuestion, TemplateSection } from '../../shared/audit-template.js';

/** YES / NO / N/A / Partially, the usual choice on a template question. */
export const ALL_ANSWERS: readonly Answer[] = ANSWERS;
/** Family feedback questions offer YES / NO / N/A only. */
export const YES_NO_NA: readonly Answer[] = ['YES', 'NO', 'NOT_APPLICABLE'];
/** Free text: nothing to choose from. */
export const FREE_TEXT: readonly Answer[] = [];

/** Questions keyed by their order in the section, `<prefix>_Q1`, `<prefix>_Q2`, … */
export function numberedQuestions(
  prefix: string,
  texts: readonly string[],
  answers: readonly Answer[] = ALL_ANSWERS,
): TemplateQuestion[] {
  return texts.map((text, i) => ({ key: `${prefix}_Q${i + 1}`, text, answers: [...answers] }));
}
