import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LocalDate } from '../../src/shared/domain-types.js';

/** As AuditCycle.status and the cycle decider say: OPEN from scheduling until CLOSED. */
export const CYCLE_STATUSES = ['OPEN', 'CLOSED'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

@Entity({ name: 'cycles' })
@Index(['service', 'month'])
export class CycleEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  service: string;

  /** YYYY-MM: sorts newest-first as text. */
  @Column({ type: 'text' })
  month: string;

  @Column({ type: 'text', array: true })
  kloes: string[];

  @Column({ name: 'moderation_due', type: 'date' })
  moderationDue: LocalDate;

  @Column({ type: 'text' })
  status: CycleStatus;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: LocalDate | null;

  /** BEF-1, BEF-2: the KLOE meeting and the day the cases are due to be allocated by. */
  @Column({ name: 'kloe_meeting', type: 'jsonb', nullable: true })
  kloeMeeting: { heldOn: LocalDate; attendeeIds: string[]; casesDueBy: LocalDate } | null;

  /** BEF-3: approvals of the current KLOE list, in order. */
  @Column({ name: 'kloe_approvals', type: 'jsonb', default: () => "'[]'" })
  kloeApprovals: Array<{ role: string; staffId: string; approvedOn: LocalDate }>;

  /** BEF-14: month 4's Practice Day. */
  @Column({ name: 'practice_day', type: 'jsonb', nullable: true })
  practiceDay: { heldOn: LocalDate; leadersObservations: string[]; familyFeedback: string[] } | null;

  /** AUD-10: the moderation samples drawn, oldest first. */
  @Column({ name: 'moderation_samples', type: 'jsonb', default: () => "'[]'" })
  moderationSamples: ModerationSampleRecord[];

  /** AUD-13: the moderation group's members, when the cycle is moderated by group; [] otherwise. */
  @Column({ name: 'moderation_group_ids', type: 'jsonb', default: () => "'[]'" })
  moderationGroupIds: string[];
}

export type ModerationSampleRecord = {
  sampleId: string;
  seed: string;
  percent: number;
  drawnOn: LocalDate;
  drawnById: string;
  receivedAuditIds: string[];
  sampledAuditIds: string[];
};
