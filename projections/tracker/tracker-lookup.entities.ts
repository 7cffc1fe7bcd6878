import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LocalDate } from '../../src/shared/domain-types.js';

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

@Entity({ name: 'tracker_cycle_deadlines' })
export class TrackerCycleDeadlineEntity {
  @PrimaryColumn({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'moderation_due', type: 'date' })
  moderationDue: LocalDate;
}
