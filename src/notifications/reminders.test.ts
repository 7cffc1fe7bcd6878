import { describe, expect, it } from '@jest/globals';
import { calendarFor } from '../calendar/working-calendar.js';
import { reminderDays, reminderRecipients, startOfWorkingDay } from './reminders.js';
import type { Directory } from './contracts/recipients.js';

const calendar = calendarFor('GB-ENG');

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
