import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LocalDate } from '../../src/shared/domain-types.js';

/** REP-8: one row per weekly progress record on Inadequate work. */
@Entity({ name: 'inadequate_work_progress' })
export class ProgressRecordEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @PrimaryColumn({ name: 'week_of', type: 'date' })
  weekOf: LocalDate;

  @Column({ type: 'text' })
  progress: string;

  @Column({ name: 'on_track', type: 'boolean' })
  onTrack: boolean;

  @Column({ name: 'recorded_by_id', type: 'text' })
  recordedById: string;

  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: LocalDate;
}
