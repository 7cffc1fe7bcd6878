import { describe, expect, it } from '@jest/globals';
import { apiProblems, candidatesFrom, dateField, dateParts, lines, reasonedFrom, sampleSizesFrom } from './cycle-forms.js';
import { APPROVER_POSTS, cycleView, monthName } from './cycle-view.js';
import type { Cycle } from './cycles.queries.js';

describe('the cycle forms', () => {
  it('takes one KLOE a line, leaving out empty lines', () => {
    expect(lines(' Is the voice of the child heard?\r\n\n  Are plans SMART? ')).toEqual(['Is the voice of the child heard?', 'Are plans SMART?']);
    expect(lines(undefined)).toEqual([]);
  });

  it('reads a date from its three fields, or says what is missing', () => {
    expect(dateField({ 'heldOn-day': '4', 'heldOn-month': '12', 'heldOn-year': '2026' }, 'heldOn', 'the day')).toEqual({ value: '2026-12-04', problem: null });
    expect(dateField({}, 'heldOn', 'the day').problem).toEqual({ field: 'heldOn-day', text: 'Enter the day' });
    expect(dateField({ 'heldOn-day': '4', 'heldOn-month': 'Dec', 'heldOn-year': '2026' }, 'heldOn', 'the day').problem?.text).toMatch(/^The day must be a real date/);
    expect(dateParts('2026-12-04')).toEqual({ day: '4', month: '12', year: '2026' });
  });

  it('reads the cases put forward, one a line, and names a line that is not a case (BEF-8)', () => {
    const { candidates, problems } = candidatesFrom('EH-1, north, prac, tm\nEH-2, north, prac2, tm, White British, 7, 14\nEH-3, north');
    expect(candidates).toEqual([
      { caseRef: 'EH-1', teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', ethnicity: null, childAge: null, monthsOpen: null },
      { caseRef: 'EH-2', teamId: 'north', practitionerId: 'prac2', teamManagerId: 'tm', ethnicity: 'White British', childAge: 7, monthsOpen: 14 },
    ]);
    expect(problems).toEqual([{ field: 'candidates', text: expect.stringMatching(/^Line 3 of the cases/) }]);
    expect(candidatesFrom('EH-1, north, prac, tm, , seven').problems[0].text).toMatch(/whole numbers/);
  });

  it('reads cases named with a reason (BEF-11, BEF-12)', () => {
    expect(reasonedFrom('EH-1: a step down\nEH-2', 'chosen', 'cases chosen by hand')).toEqual({
      cases: [{ caseRef: 'EH-1', reason: 'a step down' }],
      problems: [{ field: 'chosen', text: 'Line 2 of the cases chosen by hand must give the case reference, a colon and the reason' }],
    });
  });

  it('reads the sample sizes by team and for the service; an empty one draws none', () => {
    expect(sampleSizesFrom({ 'size-north': '2', 'size-south': '', 'size-service': '1' }, ['north', 'south'])).toEqual({
      sizes: [{ teamId: 'north', size: 2 }, { teamId: null, size: 1 }],
      problems: [],
    });
    expect(sampleSizesFrom({ 'size-north': '0' }, ['north']).problems).toEqual([{ field: 'size-north', text: 'A sample size must be a whole number of cases, 1 or more' }]);
  });

  it("shows the API's refusals beside their fields, a rule's own words from the rule on", () => {
    const problems = apiProblems(
      [
        { message: "auditorId: PPL-3: auditor x has no record of completing the audit team's training", extensions: { field: 'auditorId' } },
        { message: 'month: must be YYYY-MM', extensions: { field: 'input.month' } },
        { message: 'BEF-4: the KLOEs of cycle c are not approved yet' },
        { message: 'kloes: at least one key line of enquiry is required' },
      ],
      { auditorId: 'auditorId', month: 'month' },
      { month: 'The month' },
    );
    expect(problems).toEqual([
      { field: 'auditorId', text: "PPL-3: auditor x has no record of completing the audit team's training" },
      { field: 'month', text: 'The month must be YYYY-MM' },
      { field: null, text: 'BEF-4: the KLOEs of cycle c are not approved yet' },
      { field: null, text: 'At least one key line of enquiry is required' },
    ]);
  });
});

describe('the cycle page', () => {
  const cycle: Cycle = {
    id: 'c1',
    name: 'Early Help April 2027',
    service: 'Early Help',
    month: '2027-04',
    status: 'OPEN',
    kloesApproved: false,
    moderationDue: '2027-04-30',
    kloes: ['Is the voice of the child heard?'],
    kloeMeeting: { heldOn: '2027-03-15', attendeeIds: ['hos', 'coord'], casesDueBy: '2027-03-22' },
    kloeApprovals: [{ role: 'HEAD_OF_SERVICE', staffId: 'hos', approvedOn: '2027-03-16' }],
    programme: { auditMonth: '2027-04', learningFrom: '2027-06', learningTo: '2027-09', practiceDayMonth: '2027-07', reauditMonth: '2027-09', practiceDayHeldOn: null },
    audits: [],
  };
  const directory = { teams: [], staff: [{ id: 'hos', name: 'Lena Head', teamId: null, roles: ['HEAD_OF_SERVICE'], auditorTrainingCompletedOn: null }] };

  it('names the months in words', () => {
    expect(monthName('2027-04')).toBe('April 2027');
    expect(monthName('2027-13')).toBe('2027-13');
  });

  it('offers "Approve the KLOEs" to a post still to approve after the meeting, not to one that has (BEF-3)', () => {
    expect(cycleView(cycle, directory, ['DIVISIONAL_DIRECTOR'], 'dd')).toMatchObject({ canApprove: true, myPostsToApprove: ['Divisional director'] });
    expect(cycleView(cycle, directory, ['HEAD_OF_SERVICE'], 'hos').canApprove).toBe(false);
    expect(cycleView({ ...cycle, kloeMeeting: null }, directory, ['DIVISIONAL_DIRECTOR'], 'dd').canApprove).toBe(false);
    expect(cycleView(cycle, directory, ['AUDIT_TEAM'], 'qa').canApprove).toBe(false);
    expect(cycleView(cycle, directory, ['AUDIT_TEAM'], 'qa').approvals.map((a) => [a.text, a.approvedBy])).toEqual([
      ['Head of service', 'Lena Head'],
      ['EH coordinator lead', null],
      ['Divisional director', null],
    ]);
    expect(APPROVER_POSTS).toHaveLength(3);
  });

  it('offers allocation only once the KLOEs are approved (BEF-4), and nothing on a closed cycle', () => {
    expect(cycleView(cycle, directory, ['AUDIT_TEAM'], 'qa').canAllocate).toBe(false);
    expect(cycleView({ ...cycle, kloesApproved: true }, directory, ['AUDIT_TEAM'], 'qa').canAllocate).toBe(true);
    expect(cycleView({ ...cycle, kloesApproved: true, status: 'CLOSED' }, directory, ['AUDIT_TEAM'], 'qa')).toMatchObject({ canAllocate: false, canClose: false, canEditKloes: false });
  });
});
