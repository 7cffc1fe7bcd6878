import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LocalDate } from '../../src/shared/domain-types.js';
import type { ExcludedCase, ExclusionOverride, SampledCase, SampleSize } from '../../src/selection/events.js';

/** One proposed sample of cases for a cycle; the cycle's sample is its latest proposal. */
@Entity({ name: 'sample_proposals' })
@Index(['cycleId', 'proposedAt'])
export class SampleProposalEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ type: 'text' })
  service: string;

  @Column({ type: 'text' })
  seed: string;

  @Column({ name: 'excluded_if_audited_after', type: 'date' })
  excludedIfAuditedAfter: LocalDate;

  @Column({ name: 'sample_sizes', type: 'jsonb' })
  sampleSizes: SampleSize[];

  @Column({ name: 'candidates_considered', type: 'integer' })
  candidatesConsidered: number;

  @Column({ type: 'jsonb' })
  selected: SampledCase[];

  @Column({ type: 'jsonb' })
  excluded: ExcludedCase[];

  /** BEF-12: recent audits kept in the draw, with the reason. */
  @Column({ name: 'exclusion_overrides', type: 'jsonb', default: () => "'[]'" })
  exclusionOverrides: ExclusionOverride[];

  @Column({ name: 'proposed_by_id', type: 'text' })
  proposedById: string;

  @Column({ name: 'proposed_on', type: 'date' })
  proposedOn: LocalDate;

  /** When the event happened: orders proposals made on the same day. */
  @Column({ name: 'proposed_at', type: 'timestamptz' })
  proposedAt: Date;
}
