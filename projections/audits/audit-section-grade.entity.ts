import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Grade } from '../../src/shared/domain-types.js';
import { AuditEntity } from './audit.entity.js';

/** The auditor's and the moderator's grade for one section of an audit (OVERALL included). */
@Entity({ name: 'audit_section_grades' })
export class AuditSectionGradeEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @PrimaryColumn({ type: 'text' })
  section: string;

  @Column({ name: 'auditor_grade', type: 'text', nullable: true })
  auditorGrade: Grade | null;

  @Column({ name: 'moderator_grade', type: 'text', nullable: true })
  moderatorGrade: Grade | null;

  /** AUD-8: why the auditor marked the section not applicable; null when it is not. */
  @Column({ name: 'not_applicable_reason', type: 'text', nullable: true })
  notApplicableReason: string | null;

  @ManyToOne(() => AuditEntity, (audit) => audit.sections, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'audit_id' })
  audit: Relation<AuditEntity>;
}
