/** The GraphQL documents the grade history page sends (the public API; nothing else). */

export const HISTORY_AUDIT = `query GradeHistory($id: ID!) {
  audit(id: $id) {
    id caseRef status templateId templateVersion currentGrade
    gradeHistory { eventId section source from to rationale changedById changedAt }
  }
}`;

export const SECTION_TITLES = `query SectionTitles($id: ID!, $version: Int) { template(id: $id, version: $version) { sections { key title } } }`;

export const VERIFY_TRAIL = `query VerifyTrail($auditId: ID!) {
  verifyAuditTrail(auditId: $auditId) { streamId events valid firstInvalidRevision witnessedEvents problem }
}`;

export const EXPORT_TRAIL = `mutation ExportTrail($auditId: ID!) { exportAuditTrail(auditId: $auditId) }`;

export interface GradeChange {
  eventId: string;
  section: string;
  source: string;
  from: string | null;
  to: string;
  rationale: string;
  changedById: string;
  changedAt: string;
}
export interface HistoryAudit {
  id: string;
  caseRef: string;
  status: string;
  templateId: string;
  templateVersion: number;
  currentGrade: string | null;
  gradeHistory: GradeChange[];
}
export interface TrailVerification {
  streamId: string;
  events: number;
  valid: boolean;
  firstInvalidRevision: number | null;
  witnessedEvents: number;
  problem: string | null;
}
