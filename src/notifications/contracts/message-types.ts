import type { CasePeople, Directory, Recipient } from './recipients.js';

/** The messages the service sends, and what a rule is given to decide one. */

export const RULES = [
  'ALLOCATED_PRACTITIONER',
  'ALLOCATED_AUDITOR',
  'ALLOCATED_MODERATOR',
  'AUDIT_SUBMITTED',
  'INADEQUATE_SUBMITTED',
  'INADEQUATE_MODERATED',
  'SAFETY_CONCERN_ESCALATED',
  'RETURNED_FOR_RECTIFICATION',
  'MODERATION_COMPLETED',
  'DISPUTE_RAISED',
  'DISPUTE_DISCUSSED',
  'DISPUTE_DECIDED',
  'UOPP_RECORD',
  'UOPP_INVITATION',
  'DIP_SAMPLE_FINDINGS',
  'DIP_AUDIT_FINDINGS',
  'REMINDER',
  'WEEKLY_INADEQUATE_DIGEST',
  'MONTHLY_OVERDUE_SUMMARY',
  'UNDELIVERABLE_REPORTED',
] as const;
export type Rule = (typeof RULES)[number];

export type Facts = Record<string, string | number | boolean | string[] | null>;

export interface Decision {
  rule: Rule;
  to: Recipient[];
  facts: Facts;
}

/** What the projector knows of the audit an event belongs to (before the event). */
export interface AuditFacts extends CasePeople {
  cycleId: string;
  /** Grades the moderator changed (ModerationChanged with to ≠ from) so far. */
  moderationChanges: number;
  /** disputeId → who raised it. */
  disputeRaisers: Record<string, string>;
  /** The latest overall grade, whoever set it. */
  currentGrade: string | null;
  /** A dip audit: the earlier audit it follows up. */
  dipAuditOf?: string | null;
}

export interface CycleFacts {
  id: string;
  name: string;
  month: string;
  kloes: string[];
  moderationDue: string;
}

export interface DipSampleFacts {
  id: string;
  theme: string;
  teamIds: string[];
}

export interface RuleContext {
  directory: Directory;
  audit: AuditFacts | null;
  cycle: CycleFacts | null;
  dipSample: DipSampleFacts | null;
}

export interface EventInput {
  type: string;
  data: Record<string, any>;
}
