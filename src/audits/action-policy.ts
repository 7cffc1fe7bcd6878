import { hasRole, type Principal } from '../auth/principal.js';
import type { ActionScope } from '../shared/domain-types.js';

/**
 * Only CASE actions go on the child's record. Learning actions (practitioner, team, service) never
 * do: they are seen by the audit team, their owner and the practitioner's line (the case's team
 * manager), and never on the case view of the practitioner or team manager.
 */
export const isLearning = (scope: ActionScope): boolean => scope !== 'CASE';

export function canSeeLearningAction(principal: Principal, action: { ownerId: string; teamManagerId: string | null }): boolean {
  return hasRole(principal, 'AUDIT_TEAM') || principal.staffId === action.ownerId || principal.staffId === action.teamManagerId;
}

/** The actions shown on an audit's own page: the child's record, plus learning actions for the audit team. */
export function showsOnCaseView(principal: Principal, scope: ActionScope): boolean {
  return !isLearning(scope) || hasRole(principal, 'AUDIT_TEAM');
}
