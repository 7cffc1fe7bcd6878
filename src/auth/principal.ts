import type { Role } from '../shared/domain-types.js';

/** The authenticated caller: a registered staff member and the roles they hold. */
export interface Principal {
  staffId: string;
  roles: Role[];
  teamId: string | null;
}

export const hasRole = (principal: Principal, ...roles: Role[]) => roles.some((role) => principal.roles.includes(role));
