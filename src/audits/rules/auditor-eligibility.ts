import { badInput, type DomainError } from '../../shared/errors.js';
import type { LocalDate } from '../../shared/domain-types.js';
import type { StaffFact } from '../../shared/facts.js';

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
