import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LocalDate } from '../../src/shared/domain-types.js';
import type { BelowGoodWork } from '../../src/selection/events.js';

/** One proposal of the previous cycle's work below Good to re-audit in a cycle. */
@Entity({ name: 'reaudit_proposals' })
@Index(['cycleId', 'proposedAt'])
export class ReauditProposalEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'previous_cycle_id', type: 'text' })
  previousCycleId: string;

  @Column({ type: 'text' })
  seed: string;

  /** How much of the previous cycle's work fell below Good. */
  @Column({ name: 'below_good', type: 'integer' })
  belowGood: number;

  /** At least 10% of it, rounded up. */
  @Column({ type: 'integer' })
  required: number;

  @Column({ type: 'jsonb' })
  candidates: BelowGoodWork[];

  @Column({ name: 'proposed_by_id', type: 'text' })
  proposedById: string;

  @Column({ name: 'proposed_on', type: 'date' })
  proposedOn: LocalDate;

  @Column({ name: 'proposed_at', type: 'timestamptz' })
  proposedAt: Date;
}
