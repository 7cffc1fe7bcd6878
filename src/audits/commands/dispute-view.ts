import type { AuditState } from '../decider.js';
import type { ModerationDispute } from '../audit.types.js';

/**
 * A dispute as the write side has just left it. Disputes have no read model of their own; the
 * mutation answers from the state its own events produced, which is exactly what it wrote.
 */
export function disputeView(state: AuditState, disputeId: string): ModerationDispute {
  // Only moderated work is disputed (PPL-1).
  const dispute = state.status === 'MODERATED' ? state.disputes[disputeId] : undefined;
  if (state.status !== 'MODERATED' || !dispute) throw new Error(`dispute ${disputeId} is not on the moderated audit after the command that made it`);
  return {
    id: dispute.id,
    auditId: state.id,
    raisedById: dispute.raisedById,
    raisedAs: dispute.raisedAs,
    status: dispute.status,
    currentGrade: state.currentGrade,
  };
}
