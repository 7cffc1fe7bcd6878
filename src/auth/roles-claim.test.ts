import { describe, it, expect } from '@jest/globals';
import { ROLES } from '../shared/domain-types.js';
import { roleNamed, rolesFromClaim } from './roles-claim.js';

describe('roles claim (Entra ID app roles) to the service roles', () => {
  it('takes every role written as the contract spells it', () => {
    for (const role of ROLES) expect(roleNamed(role)).toBe(role);
  });

  it('ignores letter case and reads . - space and camel-case humps as _', () => {
    for (const written of ['AUDIT_TEAM', 'audit_team', 'Audit.Team', 'audit-team', 'AuditTeam', ' audit team ']) {
      expect({ written, role: roleNamed(written) }).toEqual({ written, role: 'AUDIT_TEAM' });
    }
    expect(roleNamed('HeadOfService')).toBe('HEAD_OF_SERVICE');
    expect(roleNamed('auditor')).toBe('AUDITOR');
  });

  it('grants nothing for a value that is not a role of this service, and reports it', () => {
    expect(rolesFromClaim(['Auditor', 'Directory.Read', 'AUDITORS', 'admin', 42])).toEqual({
      roles: ['AUDITOR'],
      unknown: ['Directory.Read', 'AUDITORS', 'admin', '42'],
    });
  });

  it('accepts one role as a plain string, no claim as no roles, and lists each role once in the contract order', () => {
    expect(rolesFromClaim('Moderator').roles).toEqual(['MODERATOR']);
    expect(rolesFromClaim(undefined)).toEqual({ roles: [], unknown: [] });
    expect(rolesFromClaim({ role: 'AUDITOR' }).roles).toEqual([]);
    expect(rolesFromClaim(['Moderator', 'auditor', 'MODERATOR']).roles).toEqual(['AUDITOR', 'MODERATOR']);
  });
});
