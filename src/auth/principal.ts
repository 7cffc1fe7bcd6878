import type { Role } from '../shared/domain-types.js';
import type { StaffRecord } from './staff-directory.js';

/** The authenticated caller: a registered staff member and the roles they hold. */
export interface Principal {
  staffId: string;
  roles: Role[];
  teamId: string | null;
  /** Their directory row as read for this request, so answering `me` reads it no second time. */
  record?: StaffRecord;
}

export const hasRole = (principal: Principal, ...roles: Role[]) => roles.some((role) => principal.roles.includes(role));
