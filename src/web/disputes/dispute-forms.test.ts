import { describe, expect, it } from '@jest/globals';
import { disputeForms, settled } from './dispute-forms.js';
import type { Dispute, DisputesAudit } from './disputes.queries.js';

const audit = (disputes: Dispute[], status = 'MODERATED'): DisputesAudit => ({
  id: 'a1', caseRef: 'EH-1', status, practitionerId: 'prac', teamManagerId: 'tm', moderatorId: 'mod', moderatedGrade: 'GOOD', currentGrade: 'GOOD', disputes, gradeHistory: [],
});
const dispute = (status: Dispute['status']): Dispute => ({ id: 'd1', raisedById: 'prac', raisedAs: 'PRACTITIONER', status, currentGrade: 'GOOD' });
const as = (staffId: string, ...roles: string[]) => ({ staffId, roles });

describe('the dispute forms a person sees', () => {
  it('the practitioner, team manager or coordinator lead may raise one on moderated work with none open', () => {
    expect(disputeForms(audit([]), as('prac', 'PRACTITIONER')).raise).toBe(true);
    expect(disputeForms(audit([]), as('tm', 'TEAM_MANAGER')).raise).toBe(true);
    expect(disputeForms(audit([]), as('coord', 'EH_COORDINATOR_LEAD')).raise).toBe(true);
    expect(disputeForms(audit([]), as('aud', 'AUDITOR')).raise).toBe(false);
    expect(disputeForms(audit([], 'SUBMITTED'), as('prac', 'PRACTITIONER')).raise).toBe(false);
    expect(disputeForms(audit([dispute('OPEN')]), as('prac', 'PRACTITIONER')).raise).toBe(false);
    expect(disputeForms(audit([dispute('SETTLED')]), as('prac', 'PRACTITIONER')).raise).toBe(true);
  });

  it('the moderator records the discussion of an open dispute; the head of service or audit team decides an unresolved one', () => {
    expect(disputeForms(audit([dispute('OPEN')]), as('mod', 'MODERATOR')).discuss?.id).toBe('d1');
    expect(disputeForms(audit([dispute('OPEN')]), as('mod2', 'MODERATOR')).discuss).toBeNull();
    expect(disputeForms(audit([dispute('OPEN')]), as('hos', 'HEAD_OF_SERVICE')).decide).toBeNull();
    expect(disputeForms(audit([dispute('UNRESOLVED')]), as('hos', 'HEAD_OF_SERVICE')).decide?.id).toBe('d1');
    expect(disputeForms(audit([dispute('UNRESOLVED')]), as('qa', 'AUDIT_TEAM')).decide?.id).toBe('d1');
    expect(disputeForms(audit([dispute('UNRESOLVED')]), as('prac', 'PRACTITIONER')).decide).toBeNull();
  });

  it('reads the answer to "did the discussion settle it?"', () => {
    expect([settled('yes'), settled('no'), settled(undefined), settled('maybe')]).toEqual([true, false, null, null]);
  });
});
