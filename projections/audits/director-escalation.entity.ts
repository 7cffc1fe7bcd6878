import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Grade, LocalDate } from '../../src/shared/domain-types.js';

/** Work not improved 4 months after moderation, escalated by the audit team to the divisional director. */
@Entity({ name: 'audit_director_escalations' })
export class DirectorEscalationEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  /** The day the work had to have improved by. */
  @Column({ name: 'due_on', type: 'date' })
  dueOn: LocalDate;

  @Column({ name: 'escalated_on', type: 'date' })
  escalatedOn: LocalDate;

  @Column({ name: 'escalated_by_id', type: 'text' })
  escalatedById: string;

  /** The grade that showed the work still below Good. */
  @Column({ type: 'text' })
  grade: Grade;

  /** The dip audit or re-audit that graded it; null when the audit's own grade was the evidence. */
  @Column({ name: 'evidence_audit_id', type: 'text', nullable: true })
  evidenceAuditId: string | null;

  @Column({ type: 'text' })
  summary: string;
}
