import { describe, expect, it } from '@jest/globals';
import { meetingField, meetingInput, staffIds, suggestedChair } from './uopp-form.js';
import type { UoppAudit } from './uopp.queries.js';

const audit = (currentGrade: string): UoppAudit => ({
  id: 'a1', caseRef: 'EH-1', status: 'MODERATED', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod',
  moderatedGrade: currentGrade, currentGrade, uoppHeld: false, deadlines: { uoppDue: null, followUpUoppDue: null, urgentIssuesDue: null }, urgentIssuesAddressed: null, uoppMeetings: [], gradeHistory: [],
});

describe('the UoPP meeting form', () => {
  it('sends the day, the chair, the ticked and typed attendees once each, and the plan it links to', () => {
    const form = { 'heldOn-day': '7', 'heldOn-month': '12', 'heldOn-year': '2026', chairId: ' aud ', otherAttendees: 'coord, tm', linkedPlan: 'TAF', revisedGrade: 'UNCHANGED', rationale: '' };
    expect(meetingInput('a1', form, ['prac', 'tm'])).toEqual({
      input: { auditId: 'a1', heldOn: '2026-12-07', chairId: 'aud', attendeeIds: ['prac', 'tm', 'coord'], linkedPlan: 'TAF', revisedGrade: null, rationale: null },
      problems: [],
    });
  });

  it('sends a revised grade with its rationale; no plan is null', () => {
    const form = { 'heldOn-day': '7', 'heldOn-month': '12', 'heldOn-year': '2026', chairId: 'aud', linkedPlan: 'NONE', revisedGrade: 'GOOD', rationale: 'improving' };
    expect(meetingInput('a1', form, []).input).toMatchObject({ linkedPlan: null, revisedGrade: 'GOOD', rationale: 'improving' });
  });

  it('refuses a missing day before anything is sent', () => {
    expect(meetingInput('a1', {}, []).problems).toEqual([{ field: 'heldOn-day', text: 'Enter the day the meeting was held' }]);
  });

  it('suggests the chair the documents name: the auditor for RI and above, the audit manager for Inadequate', () => {
    expect(suggestedChair(audit('REQUIRES_IMPROVEMENT'), { staffId: 'am', roles: ['AUDIT_MANAGER'] })).toBe('aud');
    expect(suggestedChair(audit('INADEQUATE'), { staffId: 'am', roles: ['AUDIT_MANAGER'] })).toBe('am');
    expect(suggestedChair(audit('INADEQUATE'), { staffId: 'qa', roles: ['AUDIT_TEAM'] })).toBe('');
  });

  it('maps the API fields to the form fields', () => {
    expect([meetingField('attendeeIds'), meetingField('input.heldOn'), meetingField(null), meetingField('auditId')]).toEqual(['attendees', 'heldOn-day', null, null]);
    expect(staffIds(' a,b  c ,,')).toEqual(['a', 'b', 'c']);
  });
});
