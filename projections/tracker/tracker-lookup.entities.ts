import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActionStatus, LocalDate } from '../../src/shared/domain-types.js';

/*
 * The tracker's own copies of names and cycle dates, written from the same events as the directory
 * and cycles read models. Reading those instead would make a tracker rebuild depend on how far the
 * other projections have got; with its own copies the tracker is correct on its own, in any order.
 */

@Entity({ name: 'tracker_staff_names' })
export class TrackerStaffNameEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;
}

@Entity({ name: 'tracker_team_names' })
export class TrackerTeamNameEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;
}

/** Each cycle's moderation date, and the service and month its rows are filtered and shown by. */
@Entity({ name: 'tracker_cycle_deadlines' })
export class TrackerCycleDeadlineEntity {
  @PrimaryColumn({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'moderation_due', type: 'date' })
  moderationDue: LocalDate;

  @Column({ type: 'text' })
  service: string;

  /** YYYY-MM. */
  @Column({ type: 'text' })
  month: string;
}

/**
 * The tracker's note of each action's due date and status: a row's open actions, its next action
 * due date, and at read time how many are overdue.
 */
@Entity({ name: 'tracker_actions' })
@Index(['auditId', 'status', 'dueOn'])
export class TrackerActionEntity {
  @PrimaryColumn({ name: 'action_id', type: 'text' })
  actionId: string;

  @Column({ name: 'audit_id', type: 'text' })
  auditId: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: LocalDate;

  @Column({ type: 'text' })
  status: ActionStatus;
}
