import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LocalDate } from '../../src/shared/domain-types.js';
import type { DipSampleCase, DipSampleStatus } from '../../src/dip-samples/events.js';

/** One dip sample: the theme, the case records checked and their answers, the findings and the sign-off. */
@Entity({ name: 'dip_samples' })
@Index(['cycleId', 'recordedAt'])
export class DipSampleEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ type: 'text' })
  theme: string;

  @Column({ name: 'template_id', type: 'text' })
  templateId: string;

  @Column({ name: 'template_version', type: 'integer' })
  templateVersion: number;

  @Column({ type: 'text', nullable: true })
  kloe: string | null;

  @Column({ type: 'text' })
  status: DipSampleStatus;

  @Column({ type: 'jsonb' })
  cases: DipSampleCase[];

  @Index()
  @Column({ name: 'recorded_by_id', type: 'text' })
  recordedById: string;

  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: LocalDate;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  /** The latest findings reported. */
  @Column({ type: 'text', array: true })
  findings: string[];

  @Column({ name: 'reported_by_id', type: 'text', nullable: true })
  reportedById: string | null;

  @Column({ name: 'reported_on', type: 'date', nullable: true })
  reportedOn: LocalDate | null;

  @Column({ name: 'head_of_service_id', type: 'text', nullable: true })
  headOfServiceId: string | null;

  @Column({ name: 'signed_off_by_id', type: 'text', nullable: true })
  signedOffById: string | null;

  @Column({ name: 'signed_off_on', type: 'date', nullable: true })
  signedOffOn: LocalDate | null;

  @Column({ name: 'sign_off_note', type: 'text', nullable: true })
  signOffNote: string | null;
}
