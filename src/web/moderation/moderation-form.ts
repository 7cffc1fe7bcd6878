import { OVERALL } from '../../shared/domain-types.js';
import type { Template } from '../audit/audit.queries.js';
import { isGraded, journeySections } from '../audit/section-form.js';
import type { FieldError } from '../kernel/form-errors.js';
import type { ModerationAudit } from './moderation.queries.js';

/** One graded section as the moderator sees it: the auditor's grade and rationale beside their own choice. */
export interface ModerationRow {
  key: string;
  title: string;
  auditorGrade: string | null;
  auditorRationale: string | null;
  notApplicableReason: string | null;
  moderatorGrade: string | null;
  moderatorRationale: string | null;
}

/** The graded sections, overall evaluation last, each with the latest grade the auditor and the moderator gave it. */
export function moderationRows(audit: ModerationAudit, template: Template): ModerationRow[] {
  const latest = (source: string, section: string) => audit.gradeHistory.filter((c) => c.source === source && c.section === section).at(-1) ?? null;
  return journeySections(template)
    .filter(isGraded)
    .map((section) => {
      const graded = audit.sections.find((s) => s.section === section.key);
      const auditor = latest('AUDITOR', section.key);
      const moderator = latest('MODERATOR', section.key);
      return {
        key: section.key,
        title: section.title,
        auditorGrade: auditor?.to ?? (section.key === OVERALL ? audit.initialGrade : (graded?.auditorGrade ?? null)),
        auditorRationale: auditor?.rationale ?? null,
        notApplicableReason: graded?.notApplicableReason ?? null,
        moderatorGrade: moderator?.to ?? null,
        moderatorRationale: moderator?.rationale ?? null,
      };
    });
}

/** The moderation form's fields: `decision` (AGREE or CHANGE), `grade` (when changing) and `rationale`. */
export type ModerationValues = Record<string, string>;

/** What the form shows for a section the moderator has already decided (or nothing, when not yet). */
export function recordedDecision(row: ModerationRow): ModerationValues {
  if (!row.moderatorGrade) return {};
  const agreed = row.moderatorGrade === row.auditorGrade;
  return { decision: agreed ? 'AGREE' : 'CHANGE', grade: agreed ? '' : row.moderatorGrade, rationale: row.moderatorRationale ?? '' };
}

/**
 * The grade the moderator gives: the auditor's when they agree, the one chosen when they change it
 * (000: the moderator agrees or changes each grade, always with a rationale, which the API checks).
 */
export function moderatedGrade(form: ModerationValues, auditorGrade: string | null): { grade: string | null; problems: FieldError[] } {
  if (form.decision === 'AGREE') {
    if (auditorGrade) return { grade: auditorGrade, problems: [] };
    return { grade: null, problems: [{ field: 'decision', text: 'The auditor gave this section no grade: choose the grade you give it' }] };
  }
  if (form.decision === 'CHANGE') {
    if (form.grade) return { grade: form.grade, problems: [] };
    return { grade: null, problems: [{ field: 'grade', text: 'Choose the grade you give the section' }] };
  }
  return { grade: null, problems: [{ field: 'decision', text: "Say whether you agree with the auditor's grade or change it" }] };
}

/** A GOV.UK date input's three fields (`<name>-day`, `-month`, `-year`) as a calendar date, YYYY-MM-DD. */
export function dateFromFields(form: Record<string, string>, name: string, label: string): { value: string | null; problem: FieldError | null } {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => (form[`${name}-${part}`] ?? '').trim());
  if (!day && !month && !year) return { value: null, problem: { field: `${name}-day`, text: `Enter ${label}` } };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { value: null, problem: { field: `${name}-day`, text: `${label.charAt(0).toUpperCase()}${label.slice(1)} must be a real date, for example 21 12 2026` } };
  }
  return { value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`, problem: null };
}
