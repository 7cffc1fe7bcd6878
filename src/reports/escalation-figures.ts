import type { ImprovementStatus } from '../audits/improvement.types.js';

/**
 * REP-7 (000 "6-month re-audit": "If any work has not improved by 4 months, the work will be escalated
 * by the audit team to the Divisional Director and reported to the CSCIB"): a cycle's work moderated
 * below Good by where it stands 4 months on. Counts only: the board never sees which case.
 */
export type EscalationFigures = {
  /** Work moderated below Good, with a 4-month date. */
  belowGood: number;
  notYetDue: number;
  improved: number;
  /** Not improved by its 4-month date and not yet escalated. */
  due: number;
  escalated: number;
};

export function escalationFigures(statuses: readonly ImprovementStatus[]): EscalationFigures {
  const count = (status: ImprovementStatus) => statuses.filter((s) => s === status).length;
  return { belowGood: statuses.length, notYetDue: count('NOT_YET_DUE'), improved: count('IMPROVED'), due: count('DUE'), escalated: count('ESCALATED') };
}
