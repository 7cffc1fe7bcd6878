import { describe, expect, it } from '@jest/globals';
import type { Role } from '../../shared/domain-types.js';
import { isExempted, unapprovedKloesRefusal, untrainedAuditorRefusal } from './allocation-preconditions.js';

const today = '2026-03-04';
const auditor = { id: 'amy', teamId: null, roles: ['AUDITOR'] as Role[] };

describe('allocation preconditions', () => {
  it('BEF-4: a cycle is allocated only once all three posts approved its KLOEs, the refusal naming who is still to', () => {
    const approved = (...roles: ('HEAD_OF_SERVICE' | 'EH_COORDINATOR_LEAD' | 'DIVISIONAL_DIRECTOR')[]) => ({ id: 'eh-2026-03', kloeApprovals: roles.map((role) => ({ role })) });
    expect(unapprovedKloesRefusal(approved('HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'))).toBeNull();
    const refusal = unapprovedKloesRefusal(approved('HEAD_OF_SERVICE'));
    expect(refusal?.code).toBe('CONFLICT');
    expect(refusal?.message).toMatch(/^BEF-4: the KLOEs of cycle eh-2026-03 are not approved yet \(still to approve: EH_COORDINATOR_LEAD, DIVISIONAL_DIRECTOR\)/);
    expect(unapprovedKloesRefusal({ id: 'eh-2026-03' })?.message).toMatch(/still to approve: HEAD_OF_SERVICE, EH_COORDINATOR_LEAD, DIVISIONAL_DIRECTOR/);
  });

  it('PPL-3: an auditor is eligible only with training completed on or before the day', () => {
    expect(untrainedAuditorRefusal({ ...auditor, trainedOn: '2026-02-20' }, today)).toBeNull();
    expect(untrainedAuditorRefusal({ ...auditor, trainedOn: today }, today)).toBeNull();
    for (const trainedOn of [undefined, null, '2026-03-05']) {
      const refusal = untrainedAuditorRefusal({ ...auditor, trainedOn }, today);
      expect({ code: refusal?.code, field: refusal?.field, message: refusal?.message }).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'auditorId',
        message: expect.stringMatching(/^auditorId: PPL-3: auditor amy has no record of completing the audit team's training/),
      });
    }
  });

  it('an exemption excuses the auditor from that cycle only', () => {
    const excused = { ...auditor, exemptions: [{ cycleId: 'eh-2026-03' }] };
    expect(isExempted(excused, 'eh-2026-03')).toBe(true);
    expect(isExempted(excused, 'eh-2026-04')).toBe(false);
    expect(isExempted(auditor, 'eh-2026-03')).toBe(false);
  });
});
