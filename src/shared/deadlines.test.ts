import { describe, expect, it } from '@jest/globals';
import { calendarFor } from '../calendar/working-calendar.js';
import {
  deadlineChanges,
  dipAuditDue,
  followUpUoppDue,
  followUpUoppDueAfter,
  improvementEscalationDue,
  moderationDue,
  nextDeadline,
  openDeadlines,
  overdueDeadlines,
  type AuditDeadlines,
  uoppDue,
  urgentIssuesDue,
} from './deadlines.js';

const eng = calendarFor('GB-ENG');

describe('moderation due', () => {
  it('is the last working day of the cycle month', () => {
    expect(moderationDue(eng, '2026-12', '2026-12-24', 'GOOD')).toBe('2026-12-31');
    // May 2026 ends on a Sunday.
    expect(moderationDue(eng, '2026-05', '2026-05-12', 'REQUIRES_IMPROVEMENT')).toBe('2026-05-29');
  });

  it('is 1 working day after submission for Inadequate work, across Christmas', () => {
    // Thu 24 Dec 2026; 25 Dec and the Boxing Day substitute Mon 28 Dec are bank holidays.
    expect(moderationDue(eng, '2026-12', '2026-12-24', 'INADEQUATE')).toBe('2026-12-29');
    // Friday → Monday.
    expect(moderationDue(eng, '2026-03', '2026-03-06', 'INADEQUATE')).toBe('2026-03-09');
  });
});

describe('after moderation', () => {
  it('UoPP within 5 working days, 3 for Inadequate', () => {
    // 29, 30, 31 Dec, (1 Jan bank holiday), 4, 5 Jan.
    expect(uoppDue(eng, '2026-12-24', 'GOOD')).toBe('2027-01-05');
    expect(uoppDue(eng, '2026-12-24', 'INADEQUATE')).toBe('2026-12-31');
    // Easter 2026: Good Friday 3 April and Easter Monday 6 April.
    expect(uoppDue(eng, '2026-04-02', 'INADEQUATE')).toBe('2026-04-09');
  });

  it('urgent issues within 2 working days, only for Inadequate', () => {
    expect(urgentIssuesDue(eng, '2026-04-02', 'INADEQUATE')).toBe('2026-04-08');
    expect(urgentIssuesDue(eng, '2026-04-02', 'REQUIRES_IMPROVEMENT')).toBeNull();
  });

  it('a follow-up UoPP 6 weeks after the first, only for Inadequate', () => {
    expect(followUpUoppDue(eng, '2026-04-09', 'INADEQUATE')).toBe('2026-05-21');
    expect(followUpUoppDue(eng, '2026-04-09', 'REQUIRES_IMPROVEMENT')).toBeNull();
  });

  it('a dip audit 6 weeks after moderation, and escalation if not improved by 4 months', () => {
    expect(dipAuditDue(eng, '2026-04-02')).toBe('2026-05-14');
    expect(improvementEscalationDue(eng, '2026-04-02')).toBe('2026-08-02');
    expect(improvementEscalationDue(eng, '2026-10-31')).toBe('2027-02-28');
  });
});

describe('the follow-up UoPP date once a meeting is held', () => {
  const first = { uoppCount: 0, moderatedGrade: 'INADEQUATE' as const, followUpUoppDue: null };
  it('is the date the first meeting carries; later meetings keep it', () => {
    expect(followUpUoppDueAfter(first, { heldOn: '2026-04-09', from: 'INADEQUATE', meeting: 'INITIAL', followUpDue: '2026-05-21' })).toBe('2026-05-21');
    expect(followUpUoppDueAfter({ ...first, uoppCount: 1, followUpUoppDue: '2026-05-21' }, { heldOn: '2026-05-21', from: 'INADEQUATE', meeting: 'FOLLOW_UP', followUpDue: null })).toBe('2026-05-21');
  });

  it('for events older than the field, 6 weeks after a first meeting on Inadequate work, as the decider dates it', () => {
    const old = { heldOn: '2026-04-09', from: 'INADEQUATE' as const, meeting: null, followUpDue: undefined };
    expect(followUpUoppDueAfter(first, old)).toBe(followUpUoppDue(eng, '2026-04-09', 'INADEQUATE'));
    expect(followUpUoppDueAfter({ ...first, moderatedGrade: 'REQUIRES_IMPROVEMENT' }, old)).toBeNull();
  });
});

const state = (overrides: Partial<AuditDeadlines>): AuditDeadlines => ({
  status: 'ALLOCATED',
  uoppCount: 0,
  moderationDue: '2026-01-30',
  rectifyBy: null,
  uoppDue: null,
  urgentIssuesDue: null,
  urgentIssuesAddressedOn: null,
  followUpUoppDue: null,
  dipAuditDue: null,
  dipAuditDoneOn: null,
  ...overrides,
});

describe('open deadlines', () => {
  it('is moderation until moderated, with the rectification date while returned', () => {
    expect(openDeadlines(state({}))).toEqual([{ kind: 'MODERATION', dueOn: '2026-01-30' }]);
    expect(openDeadlines(state({ status: 'RETURNED', rectifyBy: '2026-01-23' }))).toEqual([
      { kind: 'RECTIFICATION', dueOn: '2026-01-23' },
      { kind: 'MODERATION', dueOn: '2026-01-30' },
    ]);
  });

  it('after moderation: the UoPP, then the follow-up UoPP and the dip audit until each is met', () => {
    const moderated = state({ status: 'MODERATED', uoppDue: '2026-02-03', dipAuditDue: '2026-03-10' });
    expect(openDeadlines(moderated).map((d) => d.kind)).toEqual(['UOPP', 'DIP_AUDIT']);
    const afterFirst = { ...moderated, uoppCount: 1, followUpUoppDue: '2026-03-12' };
    expect(openDeadlines(afterFirst)).toEqual([
      { kind: 'DIP_AUDIT', dueOn: '2026-03-10' },
      { kind: 'FOLLOW_UP_UOPP', dueOn: '2026-03-12' },
    ]);
    expect(openDeadlines({ ...afterFirst, uoppCount: 2, dipAuditDoneOn: '2026-03-09' })).toEqual([]);
    expect(nextDeadline({ ...afterFirst, dipAuditDoneOn: '2026-03-09' })).toBe('2026-03-12');
  });

  it('Inadequate work: the urgent issues first, open until the team manager records them addressed', () => {
    const inadequate = state({ status: 'MODERATED', urgentIssuesDue: '2026-01-29', uoppDue: '2026-01-30', dipAuditDue: '2026-03-10' });
    expect(openDeadlines(inadequate)).toEqual([
      { kind: 'URGENT_ISSUES', dueOn: '2026-01-29' },
      { kind: 'UOPP', dueOn: '2026-01-30' },
      { kind: 'DIP_AUDIT', dueOn: '2026-03-10' },
    ]);
    expect(overdueDeadlines(inadequate, '2026-01-30')).toEqual(['URGENT_ISSUES']);
    expect(openDeadlines({ ...inadequate, urgentIssuesAddressedOn: '2026-01-31' }).map((d) => d.kind)).toEqual(['UOPP', 'DIP_AUDIT']);
    // Not before moderation: the date comes with the moderated outcome.
    expect(openDeadlines({ ...inadequate, status: 'SUBMITTED' }).map((d) => d.kind)).toEqual(['MODERATION']);
  });

  it('has none once invalidated', () => {
    expect(openDeadlines(state({ status: 'INVALIDATED' }))).toEqual([]);
    expect(nextDeadline(state({ status: 'INVALIDATED' }))).toBeNull();
  });

  it('is overdue the day after it falls, not on the day', () => {
    const s = state({ status: 'MODERATED', uoppDue: '2026-02-03', dipAuditDue: '2026-03-10' });
    expect(overdueDeadlines(s, '2026-02-03')).toEqual([]);
    expect(overdueDeadlines(s, '2026-02-04')).toEqual(['UOPP']);
    expect(overdueDeadlines(s, '2026-03-11')).toEqual(['UOPP', 'DIP_AUDIT']);
  });
});

describe('deadlines from events', () => {
  it('given a submission, a moderation deadline opens; a return moves it to rectification; moderation closes it and opens UoPP and urgent issues', () => {
    expect(deadlineChanges({ type: 'AuditSubmitted', data: { auditId: 'a1', moderationDue: '2026-12-31' } })).toEqual([
      { op: 'close', kind: 'RECTIFICATION_PASSED', subjectId: 'a1' },
      { op: 'open', kind: 'MODERATION_DUE', subjectId: 'a1', auditId: 'a1', dueOn: '2026-12-31' },
    ]);
    expect(deadlineChanges({ type: 'AuditReturnedForRectification', data: { auditId: 'a1', rectifyBy: '2026-12-23' } })).toEqual([
      { op: 'close', kind: 'MODERATION_DUE', subjectId: 'a1' },
      { op: 'open', kind: 'RECTIFICATION_PASSED', subjectId: 'a1', auditId: 'a1', dueOn: '2026-12-23' },
    ]);
    expect(deadlineChanges({ type: 'ModerationCompleted', data: { auditId: 'a1', uoppDue: '2026-12-24', urgentIssuesDue: '2026-12-23' } })).toEqual([
      { op: 'close', kind: 'MODERATION_DUE', subjectId: 'a1' },
      { op: 'open', kind: 'UOPP_DUE', subjectId: 'a1', auditId: 'a1', dueOn: '2026-12-24' },
      { op: 'open', kind: 'URGENT_ISSUES_DUE', subjectId: 'a1', auditId: 'a1', dueOn: '2026-12-23' },
    ]);
    expect(deadlineChanges({ type: 'ModerationCompleted', data: { auditId: 'a1', uoppDue: '2026-12-24', urgentIssuesDue: null } })).toHaveLength(2);
  });

  it('a dip audit submitted meets the dip audit deadline of the work it follows up', () => {
    expect(deadlineChanges({ type: 'AuditSubmitted', data: { auditId: 'd1', moderationDue: '2027-02-26' } }, { dipAuditOf: 'a1' })).toContainEqual({ op: 'close', kind: 'DIP_AUDIT_DUE', subjectId: 'a1' });
  });

  it('the first UoPP closes its deadline and opens the follow-up for Inadequate work; the follow-up closes that', () => {
    expect(deadlineChanges({ type: 'UoPPHeld', data: { auditId: 'a1', meeting: 'INITIAL', followUpDue: '2027-02-02' } })).toEqual([
      { op: 'close', kind: 'UOPP_DUE', subjectId: 'a1' },
      { op: 'open', kind: 'FOLLOW_UP_UOPP_DUE', subjectId: 'a1', auditId: 'a1', dueOn: '2027-02-02' },
    ]);
    expect(deadlineChanges({ type: 'UoPPHeld', data: { auditId: 'a1', meeting: 'FOLLOW_UP' } })).toEqual([{ op: 'close', kind: 'FOLLOW_UP_UOPP_DUE', subjectId: 'a1' }]);
  });

  it('actions, dip audits, the 4-month escalation and invalidation', () => {
    // AFT-1, AFT-2: follow-ups started by a dispute decision open their deadlines; those ended close.
    expect(
      deadlineChanges({
        type: 'FollowUpsRevised',
        data: { auditId: 'a1', started: ['DIP_AUDIT', 'IMPROVEMENT_ESCALATION', 'REAUDIT', 'UOPP', 'URGENT_ISSUES'], ended: [], dipAuditDue: '2027-02-19', escalateIfNotImprovedBy: '2027-05-08', urgentIssuesDue: '2027-01-12', uoppDue: '2027-01-13', followUpUoppDue: null },
      }),
    ).toEqual([
      { op: 'open', kind: 'DIP_AUDIT_DUE', subjectId: 'a1', auditId: 'a1', dueOn: '2027-02-19' },
      { op: 'open', kind: 'FOUR_MONTH_ESCALATION', subjectId: 'a1', auditId: 'a1', dueOn: '2027-05-08' },
      { op: 'open', kind: 'UOPP_DUE', subjectId: 'a1', auditId: 'a1', dueOn: '2027-01-13' },
      { op: 'open', kind: 'URGENT_ISSUES_DUE', subjectId: 'a1', auditId: 'a1', dueOn: '2027-01-12' },
    ]);
    expect(deadlineChanges({ type: 'FollowUpsRevised', data: { auditId: 'a1', started: [], ended: ['DIP_AUDIT', 'REAUDIT', 'FOLLOW_UP_UOPP'] } })).toEqual([
      { op: 'close', kind: 'DIP_AUDIT_DUE', subjectId: 'a1' },
      { op: 'close', kind: 'FOLLOW_UP_UOPP_DUE', subjectId: 'a1' },
    ]);
    expect(deadlineChanges({ type: 'ActionAgreed', data: { auditId: 'a1', actionId: 'x1', ownerId: 'prac', dueOn: '2027-01-05' } })).toEqual([
      { op: 'open', kind: 'ACTION_DUE', subjectId: 'x1', auditId: 'a1', dueOn: '2027-01-05', target: { ownerId: 'prac' } },
    ]);
    expect(deadlineChanges({ type: 'ActionDropped', data: { auditId: 'a1', actionId: 'x1' } })).toEqual([{ op: 'close', kind: 'ACTION_DUE', subjectId: 'x1' }]);
    expect(deadlineChanges({ type: 'ReauditDue', data: { auditId: 'a1', dueOn: '2027-02-01', escalateIfNotImprovedBy: '2027-04-21' } }).map((c) => c.op === 'open' && c.kind)).toEqual([
      'DIP_AUDIT_DUE',
      'FOUR_MONTH_ESCALATION',
    ]);
    expect(deadlineChanges({ type: 'EscalatedToDivisionalDirector', data: { auditId: 'a1' } })).toEqual([{ op: 'close', kind: 'FOUR_MONTH_ESCALATION', subjectId: 'a1' }]);
    expect(deadlineChanges({ type: 'AuditInvalidated', data: { auditId: 'a1' } })).toEqual([{ op: 'closeAudit', auditId: 'a1' }]);
  });
});
