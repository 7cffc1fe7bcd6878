import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The grade history's own note of each audit's cycle and team, taken from AuditAllocated, so every
 * change can be filtered by cycle without depending on another read model's progress.
 */
@Entity({ name: 'grade_history_audits' })
export class GradeHistoryAuditEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'team_id', type: 'text' })
  teamId: string;
}
