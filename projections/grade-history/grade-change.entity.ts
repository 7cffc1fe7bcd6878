import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Grade, GradeSource } from '../../src/shared/domain-types.js';
import { bigintAsNumber } from '../runner/columns.js';

/** One grade change: who gave which grade to which section, from what, why, and when. */
@Entity({ name: 'grade_changes' })
@Index(['cycleId', 'changedAt'])
@Index(['auditId', 'position'])
export class GradeChangeEntity {
  /** The id of the event that made the change. */
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ name: 'audit_id', type: 'text' })
  auditId: string;

  @Column({ name: 'cycle_id', type: 'text', nullable: true })
  cycleId: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId: string | null;

  /** A template section key, or OVERALL. */
  @Column({ type: 'text' })
  section: string;

  @Column({ type: 'text' })
  source: GradeSource;

  @Column({ name: 'from_grade', type: 'text', nullable: true })
  from: Grade | null;

  @Column({ name: 'to_grade', type: 'text' })
  to: Grade;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ name: 'changed_by_id', type: 'text' })
  changedById: string;

  /** The event's occurredAt. */
  @Index()
  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  /** The event's global position: the order of the history. */
  @Index({ unique: true })
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position: number;
}
