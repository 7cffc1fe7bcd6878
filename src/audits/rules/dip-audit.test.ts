import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../../test/support/decider-spec.js';
import { allocated, cmd, gradeSet, who } from '../../../test/support/audit-fixtures.js';
import { calendarFor } from '../../calendar/working-calendar.js';
import type { Role } from '../../shared/domain-types.js';
import type { StaffFact } from '../../shared/facts.js';
import { auditDecider, type AllocateAudit, type AuditState, type RaiseDispute, type RecordUoPPMeeting, type SubmitAudit } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { findTemplate } from '../templates/index.js';

/**
 * AFT-4 and AFT-5 (000 "Dip audits of audits that were graded RI/ inadequate in month 1"; 000 RI:
 * "If the work is still deemed to require improvement it will be referred to the relevant EH
 * Coordinator Lead"): docs/rules/after-the-audit.md.
 */

const spec = DeciderSpec.for(auditDecider);
const calendar = calendarFor('GB-ENG');
const dipTemplate = findTemplate('dip-sample')!;
const eh = findTemplate('early-help-uop', 1)!;
const today = '2027-02-10';
const cycle = { id: 'c2', month: '2027-02', status: 'OPEN' as const };

const staff = (id: string, teamId: string | null, ...roles: Role[]): StaffFact => ({ id, teamId, roles, exemptions: [], trainedOn: null });
const qa = staff('qa', null, 'AUDIT_TEAM');
const APPROVED = (['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'] as const).map((role) => ({ role, staffId: role, approvedOn: '2027-01-20' }));

/** The original work: moderated Requires Improvement in cycle c1. */
const originalEvents: AuditEvent[] = [
  allocated(eh),
  { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-12-10', overallGrade: 'REQUIRES_IMPROVEMENT', moderationDue: '2026-12-31' } },
  { type: 'ModerationChanged', data: { auditId: 'a1', section: 'OVERALL', from: 'REQUIRES_IMPROVEMENT', to: 'REQUIRES_IMPROVEMENT', rationale: 'Agreed', moderatorId: 'mod' } },
  { type: 'ModerationCompleted', data: { auditId: 'a1', completedOn: '2026-12-14', moderatedGrade: 'REQUIRES_IMPROVEMENT' } },
];
const original: AuditState = originalEvents.reduce(auditDecider.evolve, auditDecider.initialState());

const allocateDip = (auditor: StaffFact): AllocateAudit => ({
  type: 'AllocateAudit',
  data: { auditId: 'd1', cycleId: 'c2', caseRef: 'EH-1001', teamId: 'eh-hub', practitionerId: 'prac', teamManagerId: 'tm', auditorId: auditor.id, moderatorId: 'mod', templateId: 'dip-sample', reauditOfAuditId: 'a1' },
  cycle: { ...cycle, kloeApprovals: APPROVED },
  team: { id: 'eh-hub', service: 'Early Help' },
  practitioner: staff('prac', 'eh-hub', 'PRACTITIONER'),
  teamManager: staff('tm', 'eh-hub', 'TEAM_MANAGER'),
  auditor,
  moderator: staff('mod', 'ei', 'MODERATOR'),
  template: dipTemplate,
  reauditOf: original,
  actor: who.admin,
  today,
  calendar,
});

const dipAllocated: AuditEvent = (() => {
  const event = allocated(dipTemplate) as Extract<AuditEvent, { type: 'AuditAllocated' }>;
  return { ...event, data: { ...event.data, auditId: 'd1', cycleId: 'c2', auditorId: 'qa', reauditOfAuditId: 'a1' } };
})();
const graded = (grade: 'GOOD' | 'REQUIRES_IMPROVEMENT'): AuditEvent[] =>
  ['PROGRESS', 'OVERALL'].map((section) => ({ ...gradeSet(section, grade), data: { ...(gradeSet(section, grade).data as object), auditId: 'd1', auditorId: 'qa' } }) as AuditEvent);
const submit = cmd<SubmitAudit>('SubmitAudit', { auditId: 'd1' }, { staffId: 'qa', roles: ['AUDIT_TEAM'] }, today, { template: dipTemplate, cycle });

describe('AFT-4: the dip audit is the audit team’s brief check', () => {
  it('is allocated to a member of the audit team, who needs no auditor training; an auditor is refused, naming the rule', () => {
    spec.given([]).when(allocateDip(qa)).thenMatches(([event]) => expect(event).toMatchObject({ type: 'AuditAllocated', data: { auditorId: 'qa', templateId: 'dip-sample', reauditOfAuditId: 'a1' } }));
    spec
      .given([])
      .when(allocateDip(staff('aud', 'ei', 'AUDITOR')))
      .thenThrows('BAD_USER_INPUT', /^auditorId: AFT-4: a dip audit is completed by the audit team: the auditor must hold the AUDIT_TEAM role$/, 'auditorId');
  });

  it('completes on submission, without moderation, UoPP or follow-ups of its own', () => {
    spec
      .given([dipAllocated, ...graded('GOOD')])
      .when(submit)
      .thenMatches((events, state) => {
        expect(events.map((e) => e.type)).toEqual(['AuditSubmitted', 'ModerationCompleted']);
        expect(events[1].data).toEqual({ auditId: 'd1', completedOn: today, moderatedGrade: 'GOOD', initialGrade: 'GOOD', urgentIssuesDue: null, reauditRequired: false, moderated: false });
        expect(state).toMatchObject({ status: 'MODERATED', uoppDue: null, dipAuditDue: null, reauditRequired: false, moderationSample: null });
      });
  });

  it('refuses a UoPP meeting or a dispute of its own, naming the rule, once complete', () => {
    const done = [dipAllocated, ...graded('GOOD'), ...auditDecider.decide(submit, [dipAllocated, ...graded('GOOD')].reduce(auditDecider.evolve, auditDecider.initialState()))];
    const uopp = cmd<RecordUoPPMeeting>('RecordUoPPMeeting', { auditId: 'd1', heldOn: today, chairId: 'qa', attendeeIds: ['prac', 'tm'] }, { staffId: 'qa', roles: ['AUDIT_TEAM'] }, today, {
      chair: qa,
      attendees: [],
    });
    spec.given(done).when(uopp).thenThrows('CONFLICT', /^AFT-4: a dip audit is the audit team's brief check of the work, and has no UoPP meeting of its own/);
    const dispute = cmd<RaiseDispute>('RaiseDispute', { auditId: 'd1', disputeId: 'x1', reason: 'We disagree' }, who.practitioner, today, {});
    spec.given(done).when(dispute).thenThrows('CONFLICT', /^AFT-4: a dip audit .* is not moderated, so there is no moderation to dispute/);
  });
});

describe('AFT-5: work the dip audit finds still below Good is referred to the EH coordinator lead', () => {
  it('records the referral of the original work with the dip audit’s grade', () => {
    spec
      .given([dipAllocated, ...graded('REQUIRES_IMPROVEMENT')])
      .when(submit)
      .thenMatches((events) => {
        expect(events.map((e) => e.type)).toEqual(['AuditSubmitted', 'ModerationCompleted', 'ReferredToCoordinatorLead']);
        expect(events[2].data).toEqual({ auditId: 'd1', originalAuditId: 'a1', grade: 'REQUIRES_IMPROVEMENT', referredOn: today });
      });
  });

  it('work the dip audit finds Good is not referred', () => {
    spec.given([dipAllocated, ...graded('GOOD')]).when(submit).thenMatches((events) => expect(events.map((e) => e.type)).not.toContain('ReferredToCoordinatorLead'));
  });
});
