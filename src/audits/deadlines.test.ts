import { describe, expect, it } from '@jest/globals';
import { calendarFor } from '../calendar/working-calendar.js';
import * as deadlines from './deadlines.js';

const eng = calendarFor('GB-ENG');

describe('moderation due', () => {
  it('is the last working day of the cycle month', () => {
    expect(deadlines.moderationDue(eng, '2026-12', '2026-12-24', 'GOOD')).toBe('2026-12-31');
    // May 2026 ends on a Sunday.
    expect(deadlines.moderationDue(eng, '2026-05', '2026-05-12', 'REQUIRES_IMPROVEMENT')).toBe('2026-05-29');
  });

  it('is 1 working day after submission for Inadequate work, across Christmas', () => {
    // Thu 24 Dec 2026; 25 Dec and the Boxing Day substitute Mon 28 Dec are bank holidays.
    expect(deadlines.moderationDue(eng, '2026-12', '2026-12-24', 'INADEQUATE')).toBe('2026-12-29');
    // Friday → Monday.
    expect(deadlines.moderationDue(eng, '2026-03', '2026-03-06', 'INADEQUATE')).toBe('2026-03-09');
  });
});

describe('after moderation', () => {
  it('UoPP within 5 working days, 3 for Inadequate', () => {
    // 29, 30, 31 Dec, (1 Jan bank holiday), 4, 5 Jan.
    expect(deadlines.uoppDue(eng, '2026-12-24', 'GOOD')).toBe('2027-01-05');
    expect(deadlines.uoppDue(eng, '2026-12-24', 'INADEQUATE')).toBe('2026-12-31');
    // Easter 2026: Good Friday 3 April and Easter Monday 6 April.
    expect(deadlines.uoppDue(eng, '2026-04-02', 'INADEQUATE')).toBe('2026-04-09');
  });

  it('urgent issues within 2 working days, only for Inadequate', () => {
    expect(deadlines.urgentIssuesDue(eng, '2026-04-02', 'INADEQUATE')).toBe('2026-04-08');
    expect(deadlines.urgentIssuesDue(eng, '2026-04-02', 'REQUIRES_IMPROVEMENT')).toBeNull();
  });

  it('a follow-up UoPP 6 weeks after the first, only for Inadequate', () => {
    expect(deadlines.followUpUoppDue(eng, '2026-04-09', 'INADEQUATE')).toBe('2026-05-21');
    expect(deadlines.followUpUoppDue(eng, '2026-04-09', 'REQUIRES_IMPROVEMENT')).toBeNull();
  });

  it('a dip audit 6 weeks after moderation, and escalation if not improved by 4 months', () => {
    expect(deadlines.dipAuditDue(eng, '2026-04-02')).toBe('2026-05-14');
    expect(deadlines.improvementEscalationDue(eng, '2026-04-02')).toBe('2026-08-02');
    expect(deadlines.improvementEscalationDue(eng, '2026-10-31')).toBe('2027-02-28');
  });
});
