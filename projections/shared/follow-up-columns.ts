import { Column } from 'typeorm';
import type { LocalDate } from '../../src/shared/domain-types.js';

/**
 * The follow-ups of moderated work as the events carried them: the UoPP meetings held and the dates
 * the deciders set (src/shared/deadlines.ts). The audit, tracker and board-report read models keep
 * the same columns, declared once here; their entities extend this class.
 */
export abstract class FollowUpColumns {
  /** UoPP meetings held: the first, then for Inadequate work the follow-up. */
  @Column({ name: 'uopp_count', type: 'integer' })
  uoppCount: number;

  /** The first UoPP meeting: within 5 working days of moderation, 3 for Inadequate work. */
  @Column({ name: 'uopp_due', type: 'date', nullable: true })
  uoppDue: LocalDate | null;

  /** Inadequate work: the follow-up UoPP meeting, set when the first is held. */
  @Column({ name: 'follow_up_uopp_due', type: 'date', nullable: true })
  followUpUoppDue: LocalDate | null;

  /** Inadequate work: the team manager addresses urgent issues by this day, and did on this one. */
  @Column({ name: 'urgent_issues_due', type: 'date', nullable: true })
  urgentIssuesDue: LocalDate | null;

  @Column({ name: 'urgent_issues_addressed_on', type: 'date', nullable: true })
  urgentIssuesAddressedOn: LocalDate | null;

  /** Work moderated below Good: its dip audit. */
  @Column({ name: 'dip_audit_due', type: 'date', nullable: true })
  dipAuditDue: LocalDate | null;
}
