import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import type { StaffFact } from '../shared/facts.js';
import type { KloeApproval } from '../cycles/kloe-approval.js';
import { findTemplate } from './templates/index.js';
import { auditDecider, type AllocateAudit, type ReallocateAudit } from './decider.js';
import type { AuditEvent } from './events.js';

/**
 * What allocation asks of the cycle and the auditor before anything about the case (000): approved
 * KLOEs (BEF-4) and an auditor trained by the audit team (PPL-3). docs/rules/ lists both.
 */

const calendar = calendarFor('GB-ENG');
const spec = DeciderSpec.for(auditDecider);
const template = findTemplate('early-help-uop', 1)!;
const admin = { staffId: 'admin', roles: ['AUDIT_TEAM'] as Role[] };
const person = (id: string, teamId: string | null, role: Role, trainedOn: string | null = null): StaffFact => ({ id, teamId, roles: [role], exemptions: [], trainedOn });
const approval = (role: KloeApproval['role']): KloeApproval => ({ role, staffId: role.toLowerCase(), approvedOn: '2026-11-20' });
const APPROVED = [approval('HEAD_OF_SERVICE'), approval('EH_COORDINATOR_LEAD'), approval('DIVISIONAL_DIRECTOR')];
const trainedAuditor = person('aud', 'ei', 'AUDITOR', '2026-06-30');

const allocate = (overrides: Partial<AllocateAudit> = {}): AllocateAudit => ({
  type: 'AllocateAudit',
  data: { auditId: 'a1', cycleId: 'c1', caseRef: 'EH-1001', teamId: 'eh-hub', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' },
  cycle: { id: 'c1', month: '2026-12', status: 'OPEN', kloeApprovals: APPROVED },
  team: { id: 'eh-hub', service: 'Early Help' },
  practitioner: person('prac', 'eh-hub', 'PRACTITIONER'),
  teamManager: person('tm', 'eh-hub', 'TEAM_MANAGER'),
  auditor: trainedAuditor,
  moderator: person('mod', null, 'MODERATOR'),
  template,
  actor: admin,
  today: '2026-12-01',
  calendar,
  ...overrides,
});

const typesAre = (...types: string[]) => (events: AuditEvent[]) => expect(events.map((e) => e.type)).toEqual(types);
const allocated = (): AuditEvent => spec.given([]).when(allocate()).thenMatches(typesAre('AuditAllocated'))[0];

describe('allocation asks for approved KLOEs (BEF-4)', () => {
  it('allocates once the head of service, EH coordinator and divisional director have all approved', () => {
    spec.given([]).when(allocate()).thenMatches(typesAre('AuditAllocated'));
  });

  it('refuses a cycle whose KLOEs are not approved, naming the posts still to approve', () => {
    spec
      .given([])
      .when(allocate({ cycle: { id: 'c1', month: '2026-12', status: 'OPEN', kloeApprovals: [] } }))
      .thenThrows('CONFLICT', /^BEF-4: the KLOEs of cycle c1 are not approved yet \(still to approve: HEAD_OF_SERVICE, EH_COORDINATOR_LEAD, DIVISIONAL_DIRECTOR\)/);
    spec
      .given([])
      .when(allocate({ cycle: { id: 'c1', month: '2026-12', status: 'OPEN', kloeApprovals: [approval('HEAD_OF_SERVICE'), approval('EH_COORDINATOR_LEAD')] } }))
      .thenThrows('CONFLICT', /still to approve: DIVISIONAL_DIRECTOR\)/);
    // A cycle fact that says nothing of approvals is not approved.
    spec.given([]).when(allocate({ cycle: { id: 'c1', month: '2026-12', status: 'OPEN' } })).thenThrows('CONFLICT', /^BEF-4:/);
  });

  it('does not judge a past allocation brought in from a tracker', () => {
    spec
      .given([])
      .when(allocate({ imported: true, cycle: { id: 'c1', month: '2026-12', status: 'OPEN' }, auditor: person('aud', 'ei', 'AUDITOR') }))
      .thenMatches(typesAre('AuditAllocated'));
  });
});

describe("allocation asks for an auditor trained by the audit team (PPL-3)", () => {
  it('refuses an auditor with no training recorded, or trained only after today', () => {
    for (const trainedOn of [null, '2026-12-02']) {
      spec
        .given([])
        .when(allocate({ auditor: person('aud', 'ei', 'AUDITOR', trainedOn) }))
        .thenThrows('BAD_USER_INPUT', /^auditorId: PPL-3: auditor aud has no record of completing the audit team's training/, 'auditorId');
    }
  });

  it('allocates an auditor trained on the day itself', () => {
    spec.given([]).when(allocate({ auditor: person('aud', 'ei', 'AUDITOR', '2026-12-01') })).thenMatches(typesAre('AuditAllocated'));
  });

  it('still judges independence first: an untrained auditor in the case team is refused for independence', () => {
    spec.given([]).when(allocate({ auditor: person('aud', 'eh-hub', 'AUDITOR') })).thenThrows('BAD_USER_INPUT', /not a member of the team holding the case/, 'auditorId');
  });

  it('reallocation to a new auditor asks for training too; changing only the moderator does not re-judge it', () => {
    const reallocate = (auditor: StaffFact, moderator: StaffFact): ReallocateAudit => ({
      type: 'ReallocateAudit',
      data: { auditId: 'a1', auditorId: auditor.id, moderatorId: moderator.id, reason: 'The auditor is on leave' },
      auditor,
      moderator,
      actor: admin,
      today: '2026-12-03',
      calendar,
    });
    const given = [allocated()];
    spec
      .given(given)
      .when(reallocate(person('aud2', 'ei', 'AUDITOR'), person('mod', null, 'MODERATOR')))
      .thenThrows('BAD_USER_INPUT', /^auditorId: PPL-3: auditor aud2 has no record/, 'auditorId');
    spec.given(given).when(reallocate(person('aud2', 'ei', 'AUDITOR', '2026-11-01'), person('mod', null, 'MODERATOR'))).thenMatches(typesAre('AuditReallocated'));
    // The allocated auditor's record as it stands is not asked again when only the moderator changes.
    spec.given(given).when(reallocate(person('aud', 'ei', 'AUDITOR'), person('mod2', null, 'MODERATOR'))).thenMatches(typesAre('AuditReallocated'));
  });
});
