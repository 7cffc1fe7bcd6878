import { describe, expect, it } from '@jest/globals';
import { uoppMeetingView } from './uopp-meeting-view.js';

describe('the record of a UoPP meeting', () => {
  it('given a UoPPHeld event, then when, the chair, the attendees, the plan and the grades; never the content', () => {
    const data = { auditId: 'a1', heldOn: '2026-12-07', chairId: 'am', attendeeIds: ['prac', 'tm'], from: 'INADEQUATE', revisedGrade: null, rationale: null, meeting: 'INITIAL', linkedPlan: 'TAF', followUpDue: '2027-01-18' };
    expect(uoppMeetingView(data, 0)).toEqual({ meeting: 'INITIAL', heldOn: '2026-12-07', chairId: 'am', attendeeIds: ['prac', 'tm'], linkedPlan: 'TAF', gradeBefore: 'INADEQUATE', revisedGrade: null });
  });

  it('given an event from before meetings were told apart, then the first is the initial meeting and a later one the follow-up', () => {
    const data = { heldOn: '2026-12-07', chairId: 'aud', attendeeIds: ['prac'], from: 'REQUIRES_IMPROVEMENT', revisedGrade: 'GOOD' };
    expect(uoppMeetingView(data, 0)).toMatchObject({ meeting: 'INITIAL', linkedPlan: null, revisedGrade: 'GOOD' });
    expect(uoppMeetingView(data, 1).meeting).toBe('FOLLOW_UP');
  });
});
