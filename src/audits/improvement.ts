import { isBelowGood, type AuditStatus, type Grade } from '../shared/domain-types.js';

/** What the 4-month rule needs to know of an audit or of one of its dip audits / re-audits. */
export type GradedWork = { auditId: string; status: AuditStatus | null; currentGrade: Grade | null };

/**
 * Whether work moderated below Good has improved, on the latest evidence: the latest dip audit or
 * re-audit that has been submitted (its grade may yet be moderated), else the audit's own current grade
 * (a UoPP meeting or a dispute decision may have raised it).
 *
 * 000 says "if any work has not improved by 4 months, the work will be escalated": work that was never
 * dip-audited or re-audited has not been shown to improve, so its own grade is the evidence.
 *
 * `followUps` are in allocation order, oldest first.
 */
export function improvementEvidence(audit: GradedWork, followUps: readonly GradedWork[]): { grade: Grade | null; evidenceAuditId: string | null; improved: boolean } {
  const graded = followUps.filter((f) => (f.status === 'SUBMITTED' || f.status === 'MODERATED') && f.currentGrade !== null);
  const latest = graded[graded.length - 1];
  const grade = latest ? latest.currentGrade : audit.currentGrade;
  return { grade, evidenceAuditId: latest ? latest.auditId : null, improved: grade !== null && !isBelowGood(grade) };
}
