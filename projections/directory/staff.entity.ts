import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '../../src/shared/domain-types.js';

@Entity({ name: 'staff' })
export class StaffEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Sign-in and notification lookups go by email. */
  @Index()
  @Column({ type: 'text' })
  email: string;

  @Index()
  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId: string | null;

  @Column({ type: 'text', array: true })
  roles: Role[];

  /** PPL-2: the latest day the auditor completed the audit team's training. */
  @Column({ name: 'auditor_training_completed_on', type: 'date', nullable: true })
  auditorTrainingCompletedOn: string | null;

  /** PPL-8: the day they left the authority; they can no longer sign in. */
  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn: string | null;
}
