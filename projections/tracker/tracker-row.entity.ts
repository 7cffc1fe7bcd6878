import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditStatus, Grade, LocalDate } from '../../src/shared/domain-types.js';
import { DIP_SAMPLE_TEMPLATE_ID } from '../../src/shared/audit-template.js';
import { bigintAsNumber } from '../runner/columns.js';
import { FollowUpColumns } from '../shared/follow-up-columns.js';

export const AUDIT_KINDS = ['AUDIT', 'DIP_AUDIT', 'REAUDIT'] as const;
/** A cycle's own audit, the dip audit 6 weeks after work below Good, or a re-audit in a later cycle. */
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** A follow-up of earlier work on the dip sample template is its dip audit; on any other, a re-audit. */
export function auditKind(reauditOfAuditId: string | null, templateId: string): AuditKind {
  if (reauditOfAuditId === null) return 'AUDIT';
  return templateId === DIP_SAMPLE_TEMPLATE_ID ? 'DIP_AUDIT' : 'REAUDIT';
}

/**
 * One row per audit, as the audit team's tracker shows it, names resolved. Overdue flags depend on
 * today, so they are never stored: the query compares `next_deadline`, `next_action_due` (and the
 * other dates) with the service clock.
 */
@Entity({ name: 'tracker_rows' })
@Index(['status', 'nextDeadline'])
export class TrackerRowEntity extends FollowUpColumns {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  /** The global position of the AuditAllocated event: the tracker's order and its cursors. */
  @Index({ unique: true })
  @Column({ name: 'allocated_position', type: 'bigint', transformer: bigintAsNumber })
  allocatedPosition: number;

  @Index()
  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  /** The cycle's service and month; '' until the cycle is known. */
  @Index()
  @Column({ type: 'text' })
  service: string;

  @Column({ type: 'text' })
  month: string;

  @Column({ name: 'case_ref', type: 'text' })
  caseRef: string;

  @Index()
  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  @Index()
  @Column({ name: 'practitioner_id', type: 'text' })
  practitionerId: string;

  @Index()
  @Column({ name: 'team_manager_id', type: 'text' })
  teamManagerId: string;

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

  @Column({ name: 'template_id', type: 'text' })
  templateId: string;

  @Column({ type: 'text' })
  kind: AuditKind;

  /** For a dip audit or re-audit: the audit it follows up. */
  @Index()
  @Column({ name: 'reaudit_of_audit_id', type: 'text', nullable: true })
  reauditOfAuditId: string | null;

  @Column({ name: 'initial_grade', type: 'text', nullable: true })
  initialGrade: Grade | null;

  @Column({ name: 'moderated_grade', type: 'text', nullable: true })
  moderatedGrade: Grade | null;

  /** The latest overall grade: auditor, moderator, then any UoPP revision or dispute decision. */
  @Column({ name: 'current_grade', type: 'text', nullable: true })
  currentGrade: Grade | null;

  /** How many actions (recommendations) were agreed for the audit. */
  @Column({ type: 'integer' })
  actions: number;

  @Column({ name: 'open_actions', type: 'integer' })
  openActions: number;

  /** The earliest due date of an action still OPEN. */
  @Column({ name: 'next_action_due', type: 'date', nullable: true })
  nextActionDue: LocalDate | null;

  @Column({ name: 'uopp_held', type: 'boolean' })
  uoppHeld: boolean;

  @Column({ name: 'reaudit_required', type: 'boolean' })
  reauditRequired: boolean;

  @Column({ type: 'text' })
  status: AuditStatus;

  @Column({ name: 'submitted_on', type: 'date', nullable: true })
  submittedOn: LocalDate | null;

  @Column({ name: 'moderation_due', type: 'date', nullable: true })
  moderationDue: LocalDate | null;

  @Column({ name: 'rectify_by', type: 'date', nullable: true })
  rectifyBy: LocalDate | null;

  /** When a dip audit of this work was first submitted (and still stands). */
  @Column({ name: 'dip_audit_done_on', type: 'date', nullable: true })
  dipAuditDoneOn: LocalDate | null;

  /** AFT-5: the day a dip audit found this work still below Good and referred it to the EH coordinator lead. */
  @Column({ name: 'referred_to_coordinator_lead_on', type: 'date', nullable: true })
  referredToCoordinatorLeadOn: LocalDate | null;

  /** The earliest deadline still open (openDeadlines in src/shared/deadlines.ts); null when nothing is due. */
  @Index()
  @Column({ name: 'next_deadline', type: 'date', nullable: true })
  nextDeadline: LocalDate | null;
}
