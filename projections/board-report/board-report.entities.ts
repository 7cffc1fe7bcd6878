import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActionStatus, AuditStatus, Grade, LocalDate } from '../../src/shared/domain-types.js';
import { bigintAsNumber } from '../runner/columns.js';
import type { AuditKind } from '../tracker/tracker-row.entity.js';
import { FollowUpColumns } from '../shared/follow-up-columns.js';

/*
 * The board report's own facts, aggregates only leave through src/reports/. Nothing here names a
 * child or a case: audits are keyed by id, and the case facts kept are the two equality monitoring
 * needs (ethnicity and the child's age), which the report shows only as suppressed group counts.
 */

/** A cycle as the board report compares it: its service and month, KLOEs and key practice points. */
@Entity({ name: 'board_report_cycles' })
@Index(['service', 'month'])
export class BoardReportCycleEntity {
  @PrimaryColumn({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  service: string;

  /** YYYY-MM. */
  @Column({ type: 'text' })
  month: string;

  @Column({ type: 'text', array: true })
  kloes: string[];

  /** The cycle's "10 key practice points" for practitioners, as last published; [] until then. */
  @Column({ name: 'key_practice_points', type: 'text', array: true })
  keyPracticePoints: string[];

  @Column({ name: 'key_practice_points_published_on', type: 'date', nullable: true })
  keyPracticePointsPublishedOn: LocalDate | null;

  @Column({ name: 'key_practice_points_published_by_id', type: 'text', nullable: true })
  keyPracticePointsPublishedById: string | null;
}

/** One audit's facts for the board report. */
@Entity({ name: 'board_report_audits' })
export class BoardReportAuditEntity extends FollowUpColumns {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @Index()
  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ type: 'text' })
  kind: AuditKind;

  /** The global position of its AuditAllocated: which of several follow-ups is the latest. */
  @Column({ name: 'allocated_position', type: 'bigint', transformer: bigintAsNumber })
  allocatedPosition: number;

  @Index()
  @Column({ name: 'reaudit_of_audit_id', type: 'text', nullable: true })
  reauditOfAuditId: string | null;

  /** The auditor who graded it (reallocation happens only before submission). */
  @Column({ name: 'auditor_id', type: 'text' })
  auditorId: string;

  @Column({ type: 'text' })
  status: AuditStatus;

  /** The auditor's overall grade at (the latest) submission. */
  @Column({ name: 'initial_grade', type: 'text', nullable: true })
  initialGrade: Grade | null;

  /** The outcome of the moderation stage: the moderator's grade, or the auditor's outside the sample (AUD-10). */
  @Column({ name: 'moderated_grade', type: 'text', nullable: true })
  moderatedGrade: Grade | null;

  /** AUD-10: false for an audit completed without moderation, outside the month's sample. */
  @Column({ type: 'boolean', default: true })
  moderated: boolean;

  /** The latest overall grade, after any UoPP revision or dispute decision. */
  @Column({ name: 'current_grade', type: 'text', nullable: true })
  currentGrade: Grade | null;

  @Column({ name: 'moderated_on', type: 'date', nullable: true })
  moderatedOn: LocalDate | null;

  @Column({ name: 'uopp_held_on', type: 'date', nullable: true })
  uoppHeldOn: LocalDate | null;

  @Column({ name: 'follow_up_uopp_held_on', type: 'date', nullable: true })
  followUpUoppHeldOn: LocalDate | null;

  /** The family's latest feedback (template section 9): whether any was recorded, and its answers. */
  @Column({ name: 'family_feedback_recorded', type: 'boolean' })
  familyFeedbackRecorded: boolean;

  /** 1 not good … 5 excellent; null when the feedback could not be had. */
  @Column({ name: 'family_rating', type: 'integer', nullable: true })
  familyRating: number | null;

  @Column({ name: 'family_could_have_their_say', type: 'text', nullable: true })
  familyCouldHaveTheirSay: string | null;

  @Column({ name: 'family_able_to_access_support', type: 'text', nullable: true })
  familyAbleToAccessSupport: string | null;

  /** Equality monitoring: as recorded at allocation; null when not recorded. */
  @Column({ type: 'text', nullable: true })
  ethnicity: string | null;

  /** The index (or youngest) child's age at the point of audit, in whole years. */
  @Column({ name: 'child_age', type: 'integer', nullable: true })
  childAge: number | null;
}

/** One action agreed on an audit, for the report's action completion figures. */
@Entity({ name: 'board_report_actions' })
export class BoardReportActionEntity {
  @PrimaryColumn({ name: 'action_id', type: 'text' })
  actionId: string;

  @Column({ name: 'audit_id', type: 'text' })
  auditId: string;

  @Index()
  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: LocalDate;

  @Column({ type: 'text' })
  status: ActionStatus;

  /** When it was completed or dropped. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: LocalDate | null;
}
