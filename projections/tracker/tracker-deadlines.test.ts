import { describe, expect, it } from '@jest/globals';
import { nextDeadline, openDeadlines, overdueDeadlines, type TrackerDeadlineState } from './tracker-deadlines.js';

const state = (overrides: Partial<TrackerDeadlineState>): TrackerDeadlineState => ({
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
