import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { TEMPLATE, type Template } from '../audit/audit.queries.js';

/** The GraphQL documents the moderation pages send (the public API; nothing else). */

export const MODERATION_AUDIT = `query ModerationAudit($id: ID!) {
  audit(id: $id) {
    id caseRef status auditorId moderatorId templateId templateVersion initialGrade moderatedGrade currentGrade reauditOfAuditId moderationSample
    sections { section auditorGrade moderatorGrade notApplicableReason }
    deadlines { moderationDue rectifyBy }
    gradeHistory { section source to rationale changedAt }
  }
}`;

export const MODERATE_GRADE = `mutation ModerateGrade($input: ModerateGradeInput!) { moderateGrade(input: $input) { id } }`;
export const COMPLETE_MODERATION = `mutation CompleteModeration($auditId: ID!) { completeModeration(auditId: $auditId) { id status moderatedGrade } }`;
export const RETURN_FOR_RECTIFICATION = `mutation ReturnAudit($input: ReturnAuditForRectificationInput!) { returnAuditForRectification(input: $input) { id status } }`;

export interface GradeEntry {
  section: string;
  source: string;
  to: string;
  rationale: string;
  changedAt: string;
}
export interface ModerationAudit {
  id: string;
  caseRef: string;
  status: string;
  auditorId: string;
  moderatorId: string;
  templateId: string;
  templateVersion: number;
  initialGrade: string | null;
  moderatedGrade: string | null;
  currentGrade: string | null;
  reauditOfAuditId?: string | null;
  moderationSample?: 'IN_SAMPLE' | 'OUTSIDE_SAMPLE' | null;
  sections: Array<{ section: string; auditorGrade: string | null; moderatorGrade: string | null; notApplicableReason: string | null }>;
  deadlines: { moderationDue: string | null; rectifyBy: string | null };
  gradeHistory: GradeEntry[];
}

/** The audit and its template version; NOT_FOUND when the person may not read it. */
export async function loadModeration(page: WebPage, auditId: string): Promise<{ audit: ModerationAudit; template: Template }> {
  const { audit } = await page.query<{ audit: ModerationAudit | null }>(MODERATION_AUDIT, { id: auditId });
  if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This audit does not exist, or you cannot see it' }]);
  const { template } = await page.query<{ template: Template | null }>(TEMPLATE, { id: audit.templateId, version: audit.templateVersion });
  if (!template) throw new ApiFailure('NOT_FOUND', [{ message: "This audit's template does not exist" }]);
  return { audit, template };
}
