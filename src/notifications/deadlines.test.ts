import { describe, expect, it } from '@jest/globals';
import { calendarFor } from '../calendar/working-calendar.js';
import { deadlineChanges, reminderDays, reminderRecipients, startOfWorkingDay } from './deadlines.js';
import type { Directory } from './recipients.js';

const calendar = calendarFor('GB-ENG');

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

describe('reminder days on the working calendar', () => {
  it('two working days before, across Christmas and Boxing Day (substitute 28th), and on the day', () => {
    expect(reminderDays('MODERATION_DUE', '2026-12-31', '2026-12-01', calendar, 2)).toEqual([
      { stage: 'BEFORE', on: '2026-12-29' },
      { stage: 'ON_DAY', on: '2026-12-31' },
    ]);
  });

  it('an action: before (over New Year’s Day), on the day, and overdue the next working day', () => {
    expect(reminderDays('ACTION_DUE', '2027-01-05', '2026-12-21', calendar, 2)).toEqual([
      { stage: 'BEFORE', on: '2026-12-31' },
      { stage: 'ON_DAY', on: '2027-01-05' },
      { stage: 'OVERDUE', on: '2027-01-06' },
    ]);
  });

  it('a due date on a weekend is reminded of on the working day before it; overdue on the next working day', () => {
    expect(reminderDays('ACTION_DUE', '2027-01-09', '2027-01-01', calendar, 2)).toEqual([
      { stage: 'BEFORE', on: '2027-01-06' },
      { stage: 'ON_DAY', on: '2027-01-08' },
      { stage: 'OVERDUE', on: '2027-01-11' },
    ]);
  });

  it('days before the deadline was set are dropped; rectification is reminded of only when passed', () => {
    expect(reminderDays('URGENT_ISSUES_DUE', '2026-12-23', '2026-12-22', calendar, 2)).toEqual([{ stage: 'ON_DAY', on: '2026-12-23' }]);
    expect(reminderDays('RECTIFICATION_PASSED', '2026-12-23', '2026-12-21', calendar, 2)).toEqual([{ stage: 'OVERDUE', on: '2026-12-24' }]);
    expect(reminderDays('ACTION_DUE', '2026-01-05', '2026-03-01', calendar, 2)).toEqual([]);
  });

  it('reminders go out at 08:00 London time, GMT in winter and BST in summer', () => {
    expect(startOfWorkingDay('2026-12-29').toISOString()).toBe('2026-12-29T08:00:00.000Z');
    expect(startOfWorkingDay('2027-06-01').toISOString()).toBe('2027-06-01T07:00:00.000Z');
  });
});

describe('who is reminded', () => {
  const directory: Directory = {
    people: new Map(
      [
        { id: 'am', roles: ['AUDIT_MANAGER'], teamId: null },
        { id: 'qa', roles: ['AUDIT_TEAM'], teamId: null },
        { id: 'tm2', roles: ['TEAM_MANAGER'], teamId: 'south' },
      ].map((p) => [p.id, { ...p, name: p.id, email: `${p.id}@x.example`, left: false }]),
    ),
    teams: new Map([
      ['north', { id: 'north', name: 'North', service: 'EH' }],
      ['south', { id: 'south', name: 'South', service: 'EH' }],
    ]),
  };
  const audit = { teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod', currentGrade: 'REQUIRES_IMPROVEMENT' };
  const ids = (kind: Parameters<typeof reminderRecipients>[0], a = audit, target = {}) => reminderRecipients(kind, target, a, directory).map((r) => r.staffId);

  it('each deadline to its owner', () => {
    expect(ids('MODERATION_DUE')).toEqual(['mod']);
    expect(ids('RECTIFICATION_PASSED')).toEqual(['aud', 'qa']);
    expect(ids('UOPP_DUE')).toEqual(['aud']);
    expect(ids('UOPP_DUE', { ...audit, currentGrade: 'INADEQUATE' })).toEqual(['am']);
    expect(ids('FOLLOW_UP_UOPP_DUE')).toEqual(['tm2', 'tm', 'am']);
    expect(ids('URGENT_ISSUES_DUE')).toEqual(['tm']);
    expect(ids('ACTION_DUE', audit, { ownerId: 'prac' })).toEqual(['prac']);
    expect(ids('DIP_AUDIT_DUE')).toEqual(['qa']);
    expect(ids('FOUR_MONTH_ESCALATION')).toEqual(['qa']);
  });
});
