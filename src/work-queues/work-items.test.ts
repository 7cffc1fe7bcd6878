import { describe, expect, it } from '@jest/globals';
import type { Role } from '../shared/domain-types.js';
import { workItems, type AuditFacts, type OwnedAction } from './work-items.js';

const today = '2026-12-15';

const audit = (auditId: string, overrides: Partial<AuditFacts> = {}): AuditFacts => ({
  auditId,
  cycleId: 'c1',
  caseRef: `EH-${auditId}`,
  kind: 'AUDIT',
  status: 'ALLOCATED',
  practitionerId: 'prac',
  teamManagerId: 'tm',
  auditorId: 'aud',
  moderatorId: 'mod',
  currentGrade: null,
  uoppCount: 0,
  moderationDue: '2026-12-31',
  rectifyBy: null,
  uoppDue: null,
  urgentIssuesDue: null,
  urgentIssuesAddressedOn: null,
  followUpUoppDue: null,
  dipAuditDue: null,
  dipAuditDoneOn: null,
  ...overrides,
});

const person = (staffId: string, ...roles: Role[]) => ({ staffId, roles });
const summary = (items: ReturnType<typeof workItems>) => items.map((i) => [i.kind, i.auditId, i.dueOn, i.overdue, i.chair]);

const audits: AuditFacts[] = [
  audit('allocated'),
  audit('returned', { status: 'RETURNED', rectifyBy: '2026-12-14' }),
  audit('submitted', { status: 'SUBMITTED', moderationDue: '2026-12-16' }),
  audit('good', { status: 'MODERATED', currentGrade: 'GOOD', uoppDue: '2026-12-14' }),
  audit('inadequate', { status: 'MODERATED', currentGrade: 'INADEQUATE', urgentIssuesDue: '2026-12-09', uoppDue: '2026-12-10', dipAuditDue: '2027-01-18' }),
  audit('urgent-done', { status: 'MODERATED', currentGrade: 'INADEQUATE', urgentIssuesDue: '2026-12-14', urgentIssuesAddressedOn: '2026-12-11', uoppCount: 1 }),
  audit('follow-up', { status: 'MODERATED', currentGrade: 'INADEQUATE', uoppCount: 1, followUpUoppDue: '2027-01-21', dipAuditDue: '2027-01-11' }),
  audit('dip-done', { status: 'MODERATED', currentGrade: 'REQUIRES_IMPROVEMENT', uoppCount: 1, dipAuditDue: '2026-12-01', dipAuditDoneOn: '2026-11-30' }),
  audit('dip-itself', { kind: 'DIP_AUDIT', status: 'MODERATED', currentGrade: 'REQUIRES_IMPROVEMENT', uoppCount: 1, dipAuditDue: '2027-02-01' }),
  audit('invalidated', { status: 'INVALIDATED' }),
  audit('others', { auditorId: 'aud2', moderatorId: 'mod2', status: 'SUBMITTED' }),
];

describe('work items', () => {
  it('gives the auditor audits to complete and put right, and the UoPP meetings they chair or attend, soonest first', () => {
    expect(summary(workItems(person('aud', 'AUDITOR'), audits, [], today))).toEqual([
      ['HOLD_UOPP', 'inadequate', '2026-12-10', true, false],
      ['RECTIFY_AUDIT', 'returned', '2026-12-14', true, false],
      ['HOLD_UOPP', 'good', '2026-12-14', true, true],
      ['COMPLETE_AUDIT', 'allocated', '2026-12-31', false, false],
    ]);
  });

  it('gives the moderator what is submitted to them', () => {
    expect(summary(workItems(person('mod', 'MODERATOR'), audits, [], today))).toEqual([['MODERATE_AUDIT', 'submitted', '2026-12-16', false, false]]);
  });

  it('gives audit managers the Inadequate UoPP meetings and follow-ups to chair, and the case team manager the follow-up', () => {
    expect(summary(workItems(person('am', 'AUDIT_MANAGER'), audits, [], today))).toEqual([
      ['HOLD_UOPP', 'inadequate', '2026-12-10', true, true],
      ['HOLD_FOLLOW_UP_UOPP', 'follow-up', '2027-01-21', false, true],
    ]);
    expect(summary(workItems(person('tm', 'TEAM_MANAGER'), audits, [], today))).toEqual([
      ['ADDRESS_URGENT_ISSUES', 'inadequate', '2026-12-09', true, false],
      ['HOLD_FOLLOW_UP_UOPP', 'follow-up', '2027-01-21', false, true],
    ]);
    // Another team's manager has neither.
    expect(summary(workItems(person('tm2', 'TEAM_MANAGER'), audits, [], today))).toEqual([]);
  });

  it('gives the audit team the dip audits not yet done, never of a dip audit itself', () => {
    expect(summary(workItems(person('qa', 'AUDIT_TEAM'), audits, [], today))).toEqual([
      ['DIP_AUDIT', 'follow-up', '2027-01-11', false, false],
      ['DIP_AUDIT', 'inadequate', '2027-01-18', false, false],
    ]);
  });

  it('gives anyone the actions they own, with the case reference only when they may read the audit', () => {
    const actions: OwnedAction[] = [
      { actionId: 'x1', auditId: 'good', description: 'Update the plan', dueOn: '2026-12-14', audit: audits[3] },
      { actionId: 'x2', auditId: 'gone', description: 'Service guidance', dueOn: '2026-12-20', audit: null },
    ];
    const practitioner = workItems(person('prac', 'PRACTITIONER'), [], actions, today);
    expect(practitioner).toEqual([
      { kind: 'ACTION', auditId: 'good', cycleId: 'c1', caseRef: 'EH-good', dueOn: '2026-12-14', overdue: true, chair: false, actionId: 'x1', description: 'Update the plan' },
      { kind: 'ACTION', auditId: 'gone', cycleId: null, caseRef: null, dueOn: '2026-12-20', overdue: false, chair: false, actionId: 'x2', description: 'Service guidance' },
    ]);
    // Someone owning an action on a case they have no part in sees no case reference.
    expect(workItems(person('other', 'PRACTITIONER'), [], actions.slice(0, 1), today)[0].caseRef).toBeNull();
    expect(workItems(person('hos', 'HEAD_OF_SERVICE'), [], actions.slice(0, 1), today)[0].caseRef).toBe('EH-good');
  });

  it('is empty for someone with nothing due', () => {
    expect(workItems(person('board', 'BOARD_READER'), audits, [], today)).toEqual([]);
  });
});
