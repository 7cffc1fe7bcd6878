import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LocalDate } from '../../src/shared/domain-types.js';

/**
 * The audit projection's own copy of each cycle's moderation date, for audits not yet submitted.
 * Kept here rather than read from the cycles read model so a rebuild of either never depends on
 * how far the other has got.
 */
@Entity({ name: 'audit_cycle_deadlines' })
export class AuditCycleDeadlineEntity {
  @PrimaryColumn({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'moderation_due', type: 'date' })
  moderationDue: LocalDate;
}
