import { describe, expect, it } from '@jest/globals';
import type { StaffFact } from '../../shared/facts.js';
import { findTemplate } from '../templates/index.js';
import { auditDecider, type AllocateAudit, type ReallocateAudit } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { spec, template, actor, admin, staff, practitioner, auditor, moderator, APPROVED, allocate, allocated, setGrade, fullyGraded, cmd, submitted, moderatedAudit } from '../test-support/decider-fixtures.js';

describe('AllocateAudit', () => {
  it('allocates the case with the default template and keeps its version', () => {
    spec.given([]).when(allocate()).then([allocated]);
  });

  it('uses the template asked for', () => {
    const socialCare = findTemplate('social-care')!;
    spec
      .given([])
      .when(allocate({ template: socialCare }, { templateId: 'social-care' }))
      .then([{ type: 'AuditAllocated', data: { ...allocated.data, templateId: 'social-care', templateVersion: socialCare.version } }]);
  });

  it('refuses an unknown template, naming it', () => {
    spec.given([]).when(allocate({ template: undefined }, { templateId: 'nope' })).thenThrows('NOT_FOUND', /template nope does not exist/);
    // A template fact that is not the one asked for is as good as none.
    spec.given([]).when(allocate({ template }, { templateId: 'social-care' })).thenThrows('NOT_FOUND', /template social-care/);
  });

  it('refuses an empty case reference', () => {
    spec.given([]).when(allocate({}, { caseRef: '  ' })).thenThrows('BAD_USER_INPUT', /^caseRef: must not be empty/, 'caseRef');
  });

  it.each([
    ['cycle', { cycle: null }, /cycle c1 does not exist/],
    ['team', { team: null }, /team eh-hub does not exist/],
    ['practitioner', { practitioner: null }, /staff member prac does not exist/],
    ['team manager', { teamManager: null }, /staff member tm does not exist/],
    ['auditor', { auditor: null }, /staff member aud does not exist/],
    ['moderator', { moderator: null }, /staff member mod does not exist/],
  ] as const)('refuses an unknown %s', (_what, overrides, message) => {
    spec.given([]).when(allocate(overrides)).thenThrows('NOT_FOUND', message);
  });

  it('refuses a closed cycle', () => {
    spec.given([]).when(allocate({ cycle: { id: 'c1', month: '2026-12', status: 'CLOSED' } })).thenThrows('CONFLICT', /cycle c1 is closed/);
  });

  it('refuses an audit id already allocated', () => {
    spec.given([allocated]).when(allocate()).thenThrows('CONFLICT', /audit a1 is already allocated/);
  });

  describe('independence of the auditor', () => {
    it('refuses the practitioner as auditor', () => {
      const both = staff('prac', 'ei', 'AUDITOR', 'PRACTITIONER');
      spec.given([]).when(allocate({ auditor: both, practitioner: both }, { auditorId: 'prac' })).thenThrows('BAD_USER_INPUT', /^auditorId: .*independent: not the practitioner/, 'auditorId');
    });

    it('refuses the team manager as auditor', () => {
      const both = staff('tm', 'ei', 'AUDITOR', 'TEAM_MANAGER');
      spec.given([]).when(allocate({ auditor: both, teamManager: both }, { auditorId: 'tm' })).thenThrows('BAD_USER_INPUT', /^auditorId: .*not the team manager/, 'auditorId');
    });

    it('refuses a member of the team holding the case', () => {
      spec.given([]).when(allocate({ auditor: staff('aud', 'eh-hub', 'AUDITOR') })).thenThrows('BAD_USER_INPUT', /^auditorId: .*not a member of the team holding the case/, 'auditorId');
    });

    it('accepts an auditor with no team', () => {
      spec.given([]).when(allocate({ auditor: staff('aud', null, 'AUDITOR') })).then([allocated]);
    });

    it('refuses someone without the AUDITOR role', () => {
      spec.given([]).when(allocate({ auditor: staff('aud', 'ei', 'MODERATOR') })).thenThrows('BAD_USER_INPUT', /^auditorId: the auditor must hold the AUDITOR role/, 'auditorId');
    });

    it('refuses an auditor the head of service exempted from this cycle, not from another', () => {
      const exempted = { ...auditor, exemptions: [{ cycleId: 'c1' }] };
      spec.given([]).when(allocate({ auditor: exempted })).thenThrows('BAD_USER_INPUT', /^auditorId: .*exempted/, 'auditorId');
      spec.given([]).when(allocate({ auditor: { ...auditor, exemptions: [{ cycleId: 'c0' }] } })).then([allocated]);
    });
  });

  describe('the moderator', () => {
    it('refuses the auditor as moderator', () => {
      const both = staff('aud', 'ei', 'AUDITOR', 'MODERATOR');
      spec.given([]).when(allocate({ auditor: both, moderator: both }, { moderatorId: 'aud' })).thenThrows('BAD_USER_INPUT', /^moderatorId: the moderator must not be the auditor/, 'moderatorId');
    });

    it('refuses the practitioner or team manager as moderator', () => {
      const tm = staff('tm', 'eh-hub', 'TEAM_MANAGER', 'MODERATOR');
      spec.given([]).when(allocate({ moderator: tm, teamManager: tm }, { moderatorId: 'tm' })).thenThrows('BAD_USER_INPUT', /^moderatorId: .*not the practitioner or team manager/, 'moderatorId');
    });

    it('refuses someone without the MODERATOR role', () => {
      spec.given([]).when(allocate({ moderator: staff('mod', 'ei', 'AUDITOR') })).thenThrows('BAD_USER_INPUT', /^moderatorId: the moderator must hold the MODERATOR role/, 'moderatorId');
    });
  });

  it('is for the audit team only', () => {
    spec.given([]).when(allocate({ actor: actor('aud', 'AUDITOR') })).thenThrows('FORBIDDEN', /only AUDIT_TEAM may allocate audits/);
  });

  it('refuses the practitioner named as their own team manager', () => {
    spec.given([]).when(allocate({ teamManager: practitioner }, { teamManagerId: 'prac' })).thenThrows('BAD_USER_INPUT', /^teamManagerId: the team manager must be someone other than the practitioner/, 'teamManagerId');
  });
});

describe('ReallocateAudit', () => {
  const reallocate = (auditorId: string, moderatorId: string, facts: { auditor: StaffFact | null; moderator: StaffFact | null }) =>
    cmd<ReallocateAudit>('ReallocateAudit', { auditId: 'a1', auditorId, moderatorId, reason: 'Auditor exempted by the head of service' }, admin, '2026-12-03', facts);
  const newAuditor = staff('aud2', 'btc', 'AUDITOR');

  it('gives the audit a new auditor, who then grades it, and the old one may not', () => {
    const event: AuditEvent = {
      type: 'AuditReallocated',
      data: { auditId: 'a1', fromAuditorId: 'aud', auditorId: 'aud2', fromModeratorId: 'mod', moderatorId: 'mod', reason: 'Auditor exempted by the head of service', reallocatedById: 'admin' },
    };
    spec.given([allocated]).when(reallocate('aud2', 'mod', { auditor: newAuditor, moderator })).then([event]);
    spec.given([allocated, event]).when(setGrade('S4_ASSESSMENT', 'GOOD')).thenThrows('FORBIDDEN', /only the allocated auditor/);
    spec
      .given([allocated, event])
      .when(setGrade('S4_ASSESSMENT', 'GOOD', 'Evidence for S4_ASSESSMENT', actor('aud2', 'AUDITOR')))
      .then([{ type: 'GradeSet', data: { auditId: 'a1', section: 'S4_ASSESSMENT', from: null, to: 'GOOD', rationale: 'Evidence for S4_ASSESSMENT', auditorId: 'aud2' } }]);
  });

  it('applies the same independence rules', () => {
    spec.given([allocated]).when(reallocate('aud2', 'mod', { auditor: staff('aud2', 'eh-hub', 'AUDITOR'), moderator })).thenThrows('BAD_USER_INPUT', /^auditorId: .*team holding the case/, 'auditorId');
    spec.given([allocated]).when(reallocate('aud', 'aud', { auditor, moderator: staff('aud', 'ei', 'AUDITOR', 'MODERATOR') })).thenThrows('BAD_USER_INPUT', /^moderatorId: the moderator must not be the auditor/, 'moderatorId');
  });

  it('refuses a change of auditor after submission, but not of moderator', () => {
    const given = [allocated, ...fullyGraded('GOOD'), submitted('GOOD')];
    spec.given(given).when(reallocate('aud2', 'mod', { auditor: newAuditor, moderator })).thenThrows('CONFLICT', /the auditor can be changed only while it is ALLOCATED or RETURNED/);
    spec.given(given).when(reallocate('aud', 'mod2', { auditor, moderator: staff('mod2', null, 'MODERATOR') })).thenMatches(([e]) => expect(e.data).toMatchObject({ moderatorId: 'mod2', fromModeratorId: 'mod' }));
  });

  it('refuses nothing to change, and unknown staff', () => {
    spec.given([allocated]).when(reallocate('aud', 'mod', { auditor, moderator })).thenThrows('BAD_USER_INPUT', /^auditorId: names the current auditor and moderator/);
    spec.given([allocated]).when(reallocate('ghost', 'mod', { auditor: null, moderator })).thenThrows('NOT_FOUND', /staff member ghost does not exist/);
  });
});

describe('Re-audit in a later cycle', () => {
  const original = (events: AuditEvent[]) => events.reduce(auditDecider.evolve, auditDecider.initialState());
  const reaudit = (reauditOf: ReturnType<typeof original> | null, data: Partial<AllocateAudit['data']> = {}) =>
    allocate({ cycle: { id: 'c2', month: '2027-06', status: 'OPEN', kloeApprovals: APPROVED }, reauditOf }, { auditId: 'a2', cycleId: 'c2', reauditOfAuditId: 'a1', ...data });

  it('allocates a re-audit of work moderated below Good', () => {
    spec
      .given([])
      .when(reaudit(original(moderatedAudit('REQUIRES_IMPROVEMENT'))))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ auditId: 'a2', cycleId: 'c2', reauditOfAuditId: 'a1' }));
  });

  it('refuses work at Good or above, an unmoderated audit, the same cycle, another case, an unknown audit', () => {
    spec.given([]).when(reaudit(original(moderatedAudit('GOOD')))).thenThrows('BAD_USER_INPUT', /^reauditOfAuditId: only work that fell below Good/, 'reauditOfAuditId');
    spec.given([]).when(reaudit(original([allocated]))).thenThrows('BAD_USER_INPUT', /^reauditOfAuditId: only a moderated audit/, 'reauditOfAuditId');
    spec
      .given([])
      .when(allocate({ reauditOf: original(moderatedAudit('INADEQUATE')) }, { auditId: 'a2', reauditOfAuditId: 'a1' }))
      .thenThrows('BAD_USER_INPUT', /^reauditOfAuditId: a re-audit belongs to a later cycle/, 'reauditOfAuditId');
    spec.given([]).when(reaudit(original(moderatedAudit('INADEQUATE')), { caseRef: 'EH-2002' })).thenThrows('BAD_USER_INPUT', /^caseRef: a re-audit is of the same case/, 'caseRef');
    spec.given([]).when(reaudit(null)).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });
});

describe('Case facts at allocation (003 header)', () => {
  const facts = { ethnicity: ' White British ', childAge: 7, monthsOpen: 9 };

  it('records the stated facts; "audited previously" comes from the service’s own earlier audits when not stated', () => {
    spec
      .given([])
      .when(allocate({ previousAudits: [{ auditId: 'old1', auditedOn: '2025-03-02' }, { auditId: 'old2', auditedOn: '2025-09-14' }] }, facts))
      .then([{ type: 'AuditAllocated', data: { ...allocated.data, ethnicity: 'White British', childAge: 7, monthsOpen: 9, auditedBefore: true, previousAuditOn: '2025-09-14' } }]);
  });

  it('takes the audit team’s word for an audit the service has no record of', () => {
    spec
      .given([])
      .when(allocate({}, { auditedBefore: true, previousAuditOn: '2024-05-20' }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ auditedBefore: true, previousAuditOn: '2024-05-20' }));
    // A date alone says it was audited before.
    spec
      .given([])
      .when(allocate({}, { previousAuditOn: '2024-05-20' }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ auditedBefore: true, previousAuditOn: '2024-05-20' }));
    spec
      .given([])
      .when(allocate({}, { auditedBefore: false }))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ auditedBefore: false, previousAuditOn: null }));
  });

  it('refuses an age or a length of time that cannot be right, naming the field', () => {
    for (const childAge of [-1, 26, 3.5]) {
      spec.given([]).when(allocate({}, { childAge })).thenThrows('BAD_USER_INPUT', /^childAge: must be the index child's age at the point of audit in whole years, from 0 to 25$/, 'childAge');
    }
    for (const monthsOpen of [-2, 601, 1.5]) {
      spec.given([]).when(allocate({}, { monthsOpen })).thenThrows('BAD_USER_INPUT', /^monthsOpen: must be the whole months the case has been open in Early Help, from 0 to 600$/, 'monthsOpen');
    }
    spec.given([]).when(allocate({}, { childAge: 0, monthsOpen: 0 })).thenMatches(([event]) => expect(event.data).toMatchObject({ childAge: 0, monthsOpen: 0 }));
  });

  it('refuses a previous audit date in the future, or one that contradicts "not audited before"', () => {
    spec.given([]).when(allocate({}, { previousAuditOn: '2026-12-02' })).thenThrows('BAD_USER_INPUT', /^previousAuditOn: must not be in the future \(today is 2026-12-01\)$/, 'previousAuditOn');
    spec.given([]).when(allocate({}, { previousAuditOn: '2026-13-01' })).thenThrows('BAD_USER_INPUT', /^previousAuditOn: must be a date written YYYY-MM-DD$/, 'previousAuditOn');
    spec
      .given([])
      .when(allocate({}, { auditedBefore: false, previousAuditOn: '2025-01-10' }))
      .thenThrows('BAD_USER_INPUT', /^previousAuditOn: is given, but auditedBefore says the case was not audited before$/, 'previousAuditOn');
    spec
      .given([])
      .when(allocate({ previousAudits: [{ auditId: 'old1', auditedOn: '2025-03-02' }] }, { auditedBefore: false }))
      .thenThrows('BAD_USER_INPUT', /^auditedBefore: case EH-1001 was audited before, on 2025-03-02 \(audit old1\)$/, 'auditedBefore');
  });
});
