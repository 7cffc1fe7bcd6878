import { ROLES, type Role } from '../shared/domain-types.js';

/**
 * Entra ID app roles (the token's `roles` claim) to the service's roles. An app role's value is
 * written however the tenant's administrator chose, so letter case does not matter and `.`, `-`,
 * spaces and camel-case humps all stand for `_`: `AUDIT_TEAM`, `audit_team`, `Audit.Team`,
 * `audit-team` and `AuditTeam` all mean AUDIT_TEAM. A value that names no role of this service
 * (another application's role, a typo) grants nothing and is reported back as unknown.
 */
export function rolesFromClaim(claim: unknown): { roles: Role[]; unknown: string[] } {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : [];
  const roles = new Set<Role>();
  const unknown: string[] = [];
  for (const value of values) {
    const role = typeof value === 'string' ? roleNamed(value) : null;
    if (role) roles.add(role);
    else unknown.push(String(value));
  }
  return { roles: ROLES.filter((r) => roles.has(r)), unknown };
}

export function roleNamed(value: string): Role | null {
  const normalised = value
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s.-]+/g, '_')
    .toUpperCase();
  return (ROLES as readonly string[]).includes(normalised) ? (normalised as Role) : null;
}
