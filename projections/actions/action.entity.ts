import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActionScope, ActionStatus, LocalDate } from '../../src/shared/domain-types.js';

/**
 * One SMART action. `overdue` is not stored: it depends on today, so the query compares `due_on`
 * with the service clock for OPEN actions. The audit's practitioner, team manager and team are copied
 * in so learning actions can be limited to the practitioner's line without another lookup.
 */
@Entity({ name: 'actions' })
@Index(['status', 'dueOn'])
export class ActionEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Index()
  @Column({ name: 'audit_id', type: 'text' })
  auditId: string;

  @Index()
  @Column({ name: 'cycle_id', type: 'text', nullable: true })
  cycleId: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId: string | null;

  @Column({ name: 'practitioner_id', type: 'text', nullable: true })
  practitionerId: string | null;

  @Column({ name: 'team_manager_id', type: 'text', nullable: true })
  teamManagerId: string | null;

  @Column({ type: 'text' })
  description: string;

  @Index()
  @Column({ name: 'owner_id', type: 'text' })
  ownerId: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: LocalDate;

  @Column({ type: 'text' })
  scope: ActionScope;

  /** Only CASE actions go on the child's record. */
  @Column({ name: 'on_case_record', type: 'boolean' })
  onCaseRecord: boolean;

  @Column({ type: 'text' })
  status: ActionStatus;

  @Column({ name: 'agreed_by_id', type: 'text' })
  agreedById: string;

  @Column({ name: 'agreed_on', type: 'date' })
  agreedOn: LocalDate;

  @Column({ name: 'last_progress_note', type: 'text', nullable: true })
  lastProgressNote: string | null;

  @Column({ name: 'last_progressed_on', type: 'date', nullable: true })
  lastProgressedOn: LocalDate | null;

  /** When it was completed or dropped. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: LocalDate | null;

  /** The completion note or the reason for dropping it. */
  @Column({ name: 'closing_note', type: 'text', nullable: true })
  closingNote: string | null;

  /** AUD-5: when the practitioner acknowledged the case action, and what they said. */
  @Column({ name: 'acknowledged_on', type: 'date', nullable: true })
  acknowledgedOn: LocalDate | null;

  @Column({ name: 'acknowledgement_comment', type: 'text', nullable: true })
  acknowledgementComment: string | null;
}
