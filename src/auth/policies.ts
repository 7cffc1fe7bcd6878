import type { Principal } from './principal.js';
import { hasRole } from './principal.js';

/** Who may read a whole audit (its grades, rationale, history): the people on it and oversight roles. */
export interface AuditParties {
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
}

export function canReadAudit(principal: Principal, audit: AuditParties): boolean {
  if (hasRole(principal, 'AUDIT_TEAM', 'GOVERNANCE', 'HEAD_OF_SERVICE', 'AUDIT_MANAGER')) return true;
  return [audit.practitionerId, audit.teamManagerId, audit.auditorId, audit.moderatorId].includes(principal.staffId);
}
