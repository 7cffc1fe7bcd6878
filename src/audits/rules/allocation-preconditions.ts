import { badInput, conflict, type DomainError } from '../../shared/errors.js';
import type { LocalDate } from '../../shared/domain-types.js';
import { approvalsMissing, type CycleFact, type StaffFact } from '../../shared/facts.js';

/** PPL-3: an auditor is allocated only with the audit team's training completed on or before the day. */
export function untrainedAuditorRefusal(auditor: StaffFact, today: LocalDate, field = 'auditorId'): DomainError | null {
  const trainedOn = auditor.trainedOn ?? null;
  if (trainedOn !== null && trainedOn <= today) return null;
  return badInput(
    field,
    `PPL-3: auditor ${auditor.id} has no record of completing the audit team's training (000: auditors must have completed training with the Audit Team); record it with recordAuditorTraining first`,
  );
}

/** Whether the staff member is excused from auditing in the cycle. */
export const isExempted = (staff: StaffFact, cycleId: string): boolean =>
  (staff.exemptions ?? []).some((e) => e.cycleId === cycleId);

/**
 * BEF-4 (000 "Once the head of service, EH Coordinator and Divisional Director have approved the
 * KLOE, the children and young people are selected for audit and list of auditors"): null when the
 * cycle's KLOEs are approved; otherwise the refusal, naming the posts still to approve.
 */
export function unapprovedKloesRefusal(cycle: Pick<CycleFact, 'id' | 'kloeApprovals'>): DomainError | null {
  const missing = approvalsMissing(cycle);
  if (missing.length === 0) return null;
  return conflict(
    `BEF-4: the KLOEs of cycle ${cycle.id} are not approved yet (still to approve: ${missing.join(', ')}); cases and auditors are chosen once the head of service, EH coordinator and divisional director have approved them`,
  );
}
