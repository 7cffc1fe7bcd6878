import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';

/** The GraphQL documents and shapes the audit pages use (the public API; nothing else). */

export const AUDIT = `query AuditPage($id: ID!) {
  audit(id: $id) {
    id caseRef status cycleId teamId auditorId practitionerId teamManagerId moderatorId templateId templateVersion
    initialGrade moderatedGrade currentGrade uoppHeld suggestedOverallGrade overallGradeInconsistencies
    reauditOfAuditId moderationSample referredToCoordinatorLeadOn referredByDipAuditId
    sections { section auditorGrade moderatorGrade }
    answers { section question answer comment }
    narratives { section question text }
    deadlines { moderationDue uoppDue followUpUoppDue rectifyBy urgentIssuesDue }
    actions { id description dueOn status overdue }
    collaborativeDiscussionOn collaborativeDiscussionWithIds
  }
}`;

export const GRADE_HISTORY = `query AuditGrades($id: ID!) { audit(id: $id) { gradeHistory { section source to rationale } } }`;

export const TEMPLATE = `query AuditTemplate($id: ID!, $version: Int) {
  template(id: $id, version: $version) {
    id version name collaborativeDiscussionRequired moderationSamplePercent
    sections { key title graded guidance questions { key text answers } descriptors { grade points } }
    gradeDescriptors { grade points }
  }
}`;

export const RECORD_ANSWER = `mutation RecordAnswer($input: RecordAnswerInput!) { recordAnswer(input: $input) { id } }`;
export const RECORD_NARRATIVE = `mutation RecordNarrative($input: RecordNarrativeInput!) { recordNarrative(input: $input) { id } }`;
export const SET_GRADE = `mutation SetGrade($input: SetGradeInput!) { setGrade(input: $input) { id } }`;
export const RECORD_DISCUSSION = `mutation RecordCollaborativeDiscussion($input: RecordCollaborativeDiscussionInput!) {
  recordCollaborativeDiscussion(input: $input) { id }
}`;
export const SUBMIT = `mutation SubmitAudit($auditId: ID!) { submitAudit(auditId: $auditId) { id status } }`;

export interface Descriptor {
  grade: string;
  points: string[];
}
export interface TemplateSection {
  key: string;
  title: string;
  graded: boolean;
  guidance: string | null;
  questions: Array<{ key: string; text: string; answers: string[] }>;
  descriptors: Descriptor[];
}
export interface Template {
  id: string;
  version: number;
  name: string;
  /** AUD-1: the collaborative discussion is recorded before submission. */
  collaborativeDiscussionRequired?: boolean;
  /** AUD-10: the share of the month's audits moderated, by sample; null when every audit is moderated. */
  moderationSamplePercent?: number | null;
  sections: TemplateSection[];
  gradeDescriptors: Descriptor[];
}
export interface Audit {
  id: string;
  caseRef: string;
  status: string;
  auditorId: string;
  practitionerId?: string;
  teamManagerId?: string;
  moderatorId?: string;
  templateId: string;
  templateVersion: number;
  initialGrade: string | null;
  moderatedGrade: string | null;
  currentGrade: string | null;
  uoppHeld?: boolean;
  suggestedOverallGrade: string | null;
  overallGradeInconsistencies: string[];
  /** A dip audit or re-audit: the audit it follows up. */
  reauditOfAuditId?: string | null;
  moderationSample?: 'IN_SAMPLE' | 'OUTSIDE_SAMPLE' | null;
  referredToCoordinatorLeadOn?: string | null;
  referredByDipAuditId?: string | null;
  sections: Array<{ section: string; auditorGrade: string | null; moderatorGrade: string | null }>;
  answers: Array<{ section: string; question: string; answer: string; comment: string | null }>;
  narratives: Array<{ section: string; question: string; text: string }>;
  deadlines: Record<string, string | null>;
  actions: Array<{ id: string; description: string; dueOn: string; status: string; overdue: boolean }>;
  collaborativeDiscussionOn?: string | null;
  collaborativeDiscussionWithIds?: string[];
}

/** The audit and the template version it was allocated with; NOT_FOUND when the person may not read it. */
export async function loadAudit(page: WebPage, auditId: string): Promise<{ audit: Audit; template: Template }> {
  const { audit } = await page.query<{ audit: Audit | null }>(AUDIT, { id: auditId });
  if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit does not exist, or you cannot see it' }]);
  const { template } = await page.query<{ template: Template | null }>(TEMPLATE, { id: audit.templateId, version: audit.templateVersion });
  if (!template) throw new ApiFailure('NOT_FOUND', [{ message: "This audit's template does not exist" }]);
  return { audit, template };
}

/** The rationale the auditor last gave for each section's grade (OVERALL included). */
export async function auditorRationales(page: WebPage, auditId: string): Promise<Record<string, string>> {
  const { audit } = await page.query<{ audit: { gradeHistory: Array<{ section: string; source: string; rationale: string }> } | null }>(GRADE_HISTORY, {
    id: auditId,
  });
  const latest: Record<string, string> = {};
  for (const change of audit?.gradeHistory ?? []) if (change.source === 'AUDITOR') latest[change.section] = change.rationale;
  return latest;
}

/** AFT-4: the audit team's brief check of work below Good (as the decider's isDipAudit). */
export const isDipAudit = (audit: Pick<Audit, 'templateId' | 'reauditOfAuditId'>): boolean => audit.templateId === 'dip-sample' && !!audit.reauditOfAuditId;

/**
 * Where a submitted audit goes next: AFT-4 a dip audit is complete on submission; AUD-10 on a
 * template moderated by sample, the audit team draws the month's sample; otherwise its moderator.
 */
export function moderationRoute(audit: Pick<Audit, 'templateId' | 'reauditOfAuditId' | 'moderationSample'>, template: Pick<Template, 'moderationSamplePercent'>): 'DIP_AUDIT' | 'AWAITING_SAMPLE' | 'IN_SAMPLE' | 'OUTSIDE_SAMPLE' | 'MODERATOR' {
  if (isDipAudit(audit)) return 'DIP_AUDIT';
  if (!template.moderationSamplePercent) return 'MODERATOR';
  return audit.moderationSample ?? 'AWAITING_SAMPLE';
}
