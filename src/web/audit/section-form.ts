import { OVERALL } from '../../shared/domain-types.js';
import { GRADE_LABELS } from '../kernel/filters.js';
import { RECORD_ANSWER, RECORD_NARRATIVE, SET_GRADE, type Audit, type Template, type TemplateSection } from './audit.queries.js';

/** A section's form fields by name: `answer-<question>`, `narrative-<question>`, `grade`, `rationale`. */
export type SectionValues = Record<string, string>;

export type SectionState = 'COMPLETED' | 'IN_PROGRESS' | 'NOT_STARTED';

/** One mutation a section form sends, and which form field its errors belong to. */
export interface SectionChange {
  document: string;
  variables: Record<string, unknown>;
  fieldFor: (apiField: string | null) => string | null;
}

export const answerField = (question: string) => `answer-${question}`;
export const narrativeField = (question: string) => `narrative-${question}`;
/** The overall grade is graded like a section, though the template does not count it as one. */
export const isGraded = (section: TemplateSection) => section.graded || section.key === OVERALL;
const isFreeText = (question: { answers: string[] }) => question.answers.length === 0;

/**
 * The sections in the order the auditor works through them: the template's, with the overall
 * evaluation last, since it is weighed across the others (and the service suggests it from them).
 */
export function journeySections(template: Template): TemplateSection[] {
  const overall = template.sections.filter((s) => s.key === OVERALL);
  return [...template.sections.filter((s) => s.key !== OVERALL), ...(overall.length > 0 ? overall : [impliedOverall(template)])];
}

/**
 * A template that does not list OVERALL among its sections (the dip sample's, AFT-4) still asks for
 * the overall grade on submission: its page is the overall evaluation, against the template's criteria.
 */
function impliedOverall(template: Template): TemplateSection {
  return { key: OVERALL, title: 'Overall grade', graded: true, guidance: null, questions: [], descriptors: template.gradeDescriptors };
}

/** A section of the audit's journey by key, the implied overall evaluation included. */
export function journeySection(template: Template, key: string): TemplateSection | undefined {
  return journeySections(template).find((s) => s.key === key);
}

export function auditorGrade(audit: Audit, section: string): string | null {
  if (section === OVERALL) return audit.initialGrade;
  return audit.sections.find((s) => s.section === section)?.auditorGrade ?? null;
}

/** The moderator's grade for a section (OVERALL: the moderated grade), once moderated. */
export function moderatorGrade(audit: Audit, section: string): string | null {
  if (section === OVERALL) return audit.moderatedGrade;
  return audit.sections.find((s) => s.section === section)?.moderatorGrade ?? null;
}

/** Completed: graded (or, ungraded, every question answered); in progress: something recorded. */
export function sectionState(audit: Audit, section: TemplateSection): SectionState {
  const answered = section.questions.filter(
    (q) => audit.answers.some((a) => a.section === section.key && a.question === q.key) || audit.narratives.some((n) => n.section === section.key && n.question === q.key),
  ).length;
  const done = isGraded(section) ? auditorGrade(audit, section.key) !== null : answered === section.questions.length;
  if (done) return 'COMPLETED';
  return answered > 0 || auditorGrade(audit, section.key) ? 'IN_PROGRESS' : 'NOT_STARTED';
}

/** What is recorded for the section now, as form values. */
export function recordedValues(audit: Audit, section: TemplateSection, rationales: Record<string, string>): SectionValues {
  const values: SectionValues = {};
  for (const q of section.questions) {
    if (isFreeText(q)) {
      const text = audit.narratives.find((n) => n.section === section.key && n.question === q.key)?.text;
      if (text !== undefined) values[narrativeField(q.key)] = text;
    } else {
      const answer = audit.answers.find((a) => a.section === section.key && a.question === q.key)?.answer;
      if (answer !== undefined) values[answerField(q.key)] = answer;
    }
  }
  const grade = auditorGrade(audit, section.key);
  if (grade) values.grade = grade;
  if (rationales[section.key] !== undefined) values.rationale = rationales[section.key];
  return values;
}

/**
 * The mutations that bring what is recorded to what the form says: only what changed, so saving a
 * section again records nothing twice. A blank answer is left as it was (answers are not withdrawn).
 */
export function sectionChanges(
  auditId: string,
  section: TemplateSection,
  recorded: SectionValues,
  form: SectionValues,
): { changes: SectionChange[]; problems: Array<{ field: string; text: string }> } {
  const changes: SectionChange[] = [];
  const problems: Array<{ field: string; text: string }> = [];
  for (const q of section.questions) {
    const name = isFreeText(q) ? narrativeField(q.key) : answerField(q.key);
    const given = (form[name] ?? '').trim();
    if (given === '' || given === (recorded[name] ?? '').trim()) continue;
    changes.push(
      isFreeText(q)
        ? { document: RECORD_NARRATIVE, variables: { input: { auditId, section: section.key, question: q.key, text: given } }, fieldFor: () => name }
        : { document: RECORD_ANSWER, variables: { input: { auditId, section: section.key, question: q.key, answer: given } }, fieldFor: () => name },
    );
  }
  if (isGraded(section)) {
    const grade = form.grade ?? '';
    const rationale = (form.rationale ?? '').trim();
    const changed = grade !== (recorded.grade ?? '') || rationale !== (recorded.rationale ?? '').trim();
    if (grade === '' && rationale !== '' && changed) {
      // A rationale with no grade: there is nothing to ask the API; say what is missing.
      problems.push({ field: 'grade', text: 'Select a grade for the rationale you gave' });
    } else if (grade !== '' && changed) {
      changes.push({
        document: SET_GRADE,
        variables: { input: { auditId, section: section.key, grade, rationale } },
        fieldFor: (f) => (f === 'rationale' ? 'rationale' : f === null ? null : 'grade'),
      });
    }
  }
  return { changes, problems };
}

/** The API names sections by key in some messages; the person knows them by title. */
export function withSectionTitles(message: string, template: Template): string {
  return journeySections(template).reduce((text, s) => text.split(s.key).join(`“${s.title}”`), message);
}

/**
 * Why the API refused the submission, in the auditor's words: section titles and grade names for
 * the API's keys and codes, "case action" for CASE, and the page to use for the operation it names
 * ("agree one with agreeAction first" → "agree one on the audit first").
 */
export function submissionRefusal(message: string, template: Template): string {
  const worded = message
    .replace(/^cannot submit: /, 'You cannot submit yet: ')
    .replace(/\b[A-Z][A-Z_]+\b/g, (code) => (GRADE_LABELS[code] ? GRADE_LABELS[code] : code))
    .replace(/\bCASE action\b/g, 'case action')
    .replace(/ with [a-z][A-Za-z]+ first$/, ' on the audit first');
  return withSectionTitles(worded, template);
}
