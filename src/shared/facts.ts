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
