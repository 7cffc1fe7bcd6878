import type { LocalDate, Role } from './domain-types.js';

/**
 * What a decider is told about a staff member it does not own (the command handler reads it from
 * the staff stream): enough for allocation, selection and dip sample rules.
 */
export type StaffFact = {
  id: string;
  teamId: string | null;
  roles: Role[];
  /** Cycles the head of service has excused this auditor from. */
  exemptions?: readonly { cycleId: string }[];
  /** PPL-2; absent or null: no training recorded. */
  trainedOn?: LocalDate | null;
};

export type CycleStatus = 'OPEN' | 'CLOSED';

/** BEF-3: the posts that approve a cycle's KLOEs. */
export type KloeApprover = 'HEAD_OF_SERVICE' | 'EH_COORDINATOR_LEAD' | 'DIVISIONAL_DIRECTOR';
export const KLOE_APPROVERS: readonly KloeApprover[] = ['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'];

/** What an audit's rules need to know about its cycle (a cycle's state will do). */
export type CycleFact = {
  id: string;
  month: string;
  status: CycleStatus | null;
  kloeApprovals?: readonly { role: KloeApprover }[];
  /** AUD-13: the cycle's moderation group; absent or empty when it has none. */
  moderationGroupIds?: readonly string[];
};

/** The posts still to approve a cycle's KLOEs (BEF-3). */
export const approvalsMissing = (cycle: { kloeApprovals?: readonly { role: KloeApprover }[] }): KloeApprover[] =>
  KLOE_APPROVERS.filter((role) => !(cycle.kloeApprovals ?? []).some((a) => a.role === role));
