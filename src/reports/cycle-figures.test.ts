import { describe, expect, it } from '@jest/globals';
import { actionFigures, familyFeedbackFigures, followUpFigures, uoppFigures, type FollowUpAudit } from './cycle-figures.js';

const today = '2026-03-20';

describe('UoPP figures', () => {
  it('counts meetings due, held, held on time and overdue, and the follow-ups for Inadequate work', () => {
    expect(
      uoppFigures(
        [
          { uoppDue: '2026-02-03', uoppHeldOn: '2026-02-03', followUpUoppDue: null, followUpUoppHeldOn: null, urgentIssuesDue: null, urgentIssuesAddressedOn: null },
          { uoppDue: '2026-02-03', uoppHeldOn: '2026-02-05', followUpUoppDue: null, followUpUoppHeldOn: null, urgentIssuesDue: null, urgentIssuesAddressedOn: null },
          { uoppDue: '2026-01-30', uoppHeldOn: '2026-01-29', followUpUoppDue: '2026-03-12', followUpUoppHeldOn: null, urgentIssuesDue: null, urgentIssuesAddressedOn: null },
          { uoppDue: '2026-03-19', uoppHeldOn: null, followUpUoppDue: null, followUpUoppHeldOn: null, urgentIssuesDue: null, urgentIssuesAddressedOn: null },
          { uoppDue: '2026-03-20', uoppHeldOn: null, followUpUoppDue: null, followUpUoppHeldOn: null, urgentIssuesDue: null, urgentIssuesAddressedOn: null },
          { uoppDue: null, uoppHeldOn: null, followUpUoppDue: null, followUpUoppHeldOn: null, urgentIssuesDue: null, urgentIssuesAddressedOn: null },
        ],
        today,
      ),
    ).toEqual({ due: 5, held: 3, heldOnTime: 2, overdue: 1, followUpsDue: 1, followUpsHeld: 0, followUpsHeldOnTime: 0, followUpsOverdue: 1, urgentIssuesDue: 0, urgentIssuesAddressed: 0, urgentIssuesAddressedOnTime: 0, urgentIssuesOverdue: 0 });
  });

  it('counts the urgent issues of Inadequate work due, addressed, addressed on time and overdue', () => {
    const none = { uoppDue: null, uoppHeldOn: null, followUpUoppDue: null, followUpUoppHeldOn: null };
    expect(
      uoppFigures(
        [
          { ...none, urgentIssuesDue: '2026-03-04', urgentIssuesAddressedOn: '2026-03-04' },
          { ...none, urgentIssuesDue: '2026-03-04', urgentIssuesAddressedOn: '2026-03-06' },
          { ...none, urgentIssuesDue: '2026-03-19', urgentIssuesAddressedOn: null },
          { ...none, urgentIssuesDue: '2026-03-20', urgentIssuesAddressedOn: null },
          { ...none, urgentIssuesDue: null, urgentIssuesAddressedOn: null },
        ],
        today,
      ),
    ).toMatchObject({ urgentIssuesDue: 4, urgentIssuesAddressed: 2, urgentIssuesAddressedOnTime: 1, urgentIssuesOverdue: 1 });
  });
});

describe('follow-up figures', () => {
  const follow = (reauditOfAuditId: string, kind: FollowUpAudit['kind'], status: FollowUpAudit['status'], currentGrade: FollowUpAudit['currentGrade'], order: number): FollowUpAudit => ({
    reauditOfAuditId,
    kind,
    status,
    currentGrade,
    order,
  });

  it('counts the work below Good, its dip audits and re-audits, and how many reached Good', () => {
    const originals = [
      { auditId: 'a', moderatedGrade: 'REQUIRES_IMPROVEMENT' as const, dipAuditDue: '2026-03-10' },
      { auditId: 'b', moderatedGrade: 'INADEQUATE' as const, dipAuditDue: '2026-03-10' },
      { auditId: 'c', moderatedGrade: 'REQUIRES_IMPROVEMENT' as const, dipAuditDue: '2026-03-25' },
      { auditId: 'd', moderatedGrade: 'GOOD' as const, dipAuditDue: null },
      { auditId: 'e', moderatedGrade: null, dipAuditDue: null },
    ];
    const followUps = [
      // a: an earlier dip audit found RI, the latest Good.
      follow('a', 'DIP_AUDIT', 'SUBMITTED', 'REQUIRES_IMPROVEMENT', 1),
      follow('a', 'DIP_AUDIT', 'MODERATED', 'GOOD', 5),
      follow('a', 'REAUDIT', 'MODERATED', 'OUTSTANDING', 6),
      // b: its dip audit is still with the auditor (not done); a re-audit found it still Inadequate.
      follow('b', 'DIP_AUDIT', 'ALLOCATED', null, 2),
      follow('b', 'REAUDIT', 'SUBMITTED', 'INADEQUATE', 7),
      // d was Good: a follow-up of it is not counted.
      follow('d', 'DIP_AUDIT', 'SUBMITTED', 'GOOD', 3),
    ];
    expect(followUpFigures(originals, followUps, today)).toEqual({
      belowGood: 3,
      reauditTarget: 1,
      dipAuditsDue: 3,
      dipAuditsDone: 1,
      dipAuditsReachedGood: 1,
      dipAuditsOverdue: 1,
      reaudited: 2,
      reauditsReachedGood: 1,
    });
  });

  it('rounds the 10% re-audit target up', () => {
    const originals = Array.from({ length: 11 }, (_, i) => ({ auditId: `x${i}`, moderatedGrade: 'INADEQUATE' as const, dipAuditDue: null }));
    expect(followUpFigures(originals, [], today)).toMatchObject({ belowGood: 11, reauditTarget: 2, dipAuditsDue: 0 });
    expect(followUpFigures([], [], today).reauditTarget).toBe(0);
  });
});

describe('action figures', () => {
  it('counts open, completed (on time), dropped and overdue actions', () => {
    expect(
      actionFigures(
        [
          { status: 'OPEN', dueOn: '2026-03-19', closedOn: null },
          { status: 'OPEN', dueOn: '2026-03-20', closedOn: null },
          { status: 'DONE', dueOn: '2026-03-01', closedOn: '2026-03-01' },
          { status: 'DONE', dueOn: '2026-03-01', closedOn: '2026-03-02' },
          { status: 'DROPPED', dueOn: '2026-03-01', closedOn: '2026-02-20' },
        ],
        today,
      ),
    ).toEqual({ agreed: 5, open: 2, completed: 2, completedOnTime: 1, dropped: 1, overdue: 1 });
  });
});

describe('family feedback figures', () => {
  it('counts ratings and answers, the mean to 2 places, and feedback that could not be had', () => {
    const fb = (familyRating: number | null, say: string | null, access: string | null) => ({
      familyFeedbackRecorded: true,
      familyRating,
      familyCouldHaveTheirSay: say,
      familyAbleToAccessSupport: access,
    });
    expect(
      familyFeedbackFigures([
        fb(5, 'YES', 'YES'),
        fb(4, 'YES', 'NO'),
        fb(4, 'NO', 'NOT_APPLICABLE'),
        fb(null, null, null),
        { familyFeedbackRecorded: false, familyRating: null, familyCouldHaveTheirSay: null, familyAbleToAccessSupport: null },
      ]),
    ).toEqual({
      recorded: 4,
      rated: 3,
      notCompleted: 1,
      ratings: [
        { rating: 1, count: 0 },
        { rating: 2, count: 0 },
        { rating: 3, count: 0 },
        { rating: 4, count: 2 },
        { rating: 5, count: 1 },
      ],
      averageRating: 4.33,
      couldHaveTheirSay: { yes: 2, no: 1, notApplicable: 0 },
      ableToAccessSupport: { yes: 1, no: 1, notApplicable: 1 },
    });
    expect(familyFeedbackFigures([]).averageRating).toBeNull();
  });
});
