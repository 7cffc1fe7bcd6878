import { describe, expect, it } from '@jest/globals';
import type { Role } from '../../shared/domain-types.js';
import { isExempted, untrainedAuditorRefusal } from './auditor-eligibility.js';

const today = '2026-03-04';
const auditor = { id: 'amy', teamId: null, roles: ['AUDITOR'] as Role[] };

describe('auditor eligibility', () => {
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
