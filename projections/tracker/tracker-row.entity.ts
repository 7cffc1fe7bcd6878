import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditStatus, Grade, LocalDate } from '../../src/shared/domain-types.js';

/**
 * One row per audit, as the audit team's tracker shows it, names resolved. Overdue flags depend on
 * today, so the query compares `next_deadline` (and the other dates) with the service clock.
 */
@Entity({ name: 'tracker_rows' })
export class TrackerRowEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @Index()
  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'case_ref', type: 'text' })
  caseRef: string;

  @Index()
  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  @Index()
  @Column({ name: 'practitioner_id', type: 'text' })
  practitionerId: string;

  @Index()
  @Column({ name: 'auditor_id', type: 'text' })
  auditorId: string;

  @Index()
  @Column({ name: 'moderator_id', type: 'text' })
  moderatorId: string;

  /** Names, '' until the staff member or team is registered. */
  @Column({ type: 'text' })
  practitioner: string;

  @Column({ type: 'text' })
  team: string;

  @Column({ type: 'text' })
  auditor: string;

  @Column({ type: 'text' })
  moderator: string;

  @Column({ name: 'initial_grade', type: 'text', nullable: true })
  initialGrade: Grade | null;

  @Column({ name: 'moderated_grade', type: 'text', nullable: true })
  moderatedGrade: Grade | null;

  /** How many actions were agreed for the audit. */
  @Column({ type: 'integer' })
  actions: number;

  @Column({ name: 'uopp_held', type: 'boolean' })
  uoppHeld: boolean;

  @Column({ name: 'uopp_count', type: 'integer' })
  uoppCount: number;

  @Column({ name: 'reaudit_required', type: 'boolean' })
  reauditRequired: boolean;

  @Column({ type: 'text' })
  status: AuditStatus;

  @Column({ name: 'moderation_due', type: 'date', nullable: true })
  moderationDue: LocalDate | null;

  @Column({ name: 'rectify_by', type: 'date', nullable: true })
  rectifyBy: LocalDate | null;

  @Column({ name: 'uopp_due', type: 'date', nullable: true })
  uoppDue: LocalDate | null;

  @Column({ name: 'follow_up_uopp_due', type: 'date', nullable: true })
  followUpUoppDue: LocalDate | null;

  @Column({ name: 'dip_audit_due', type: 'date', nullable: true })
  dipAuditDue: LocalDate | null;

  /** The earliest deadline still open; null when nothing is due. */
  @Index()
  @Column({ name: 'next_deadline', type: 'date', nullable: true })
  nextDeadline: LocalDate | null;
}
