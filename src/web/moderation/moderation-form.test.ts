import { describe, expect, it } from '@jest/globals';
import { dateFromFields, moderatedGrade, moderationRows, recordedDecision } from './moderation-form.js';
import type { ModerationAudit } from './moderation.queries.js';
import type { Template } from '../audit/audit.queries.js';

const template: Template = {
  id: 'eh',
  version: 1,
  name: 'Early Help',
  gradeDescriptors: [],
  sections: [
    { key: 'OVERALL', title: 'Overall', graded: false, guidance: null, questions: [], descriptors: [] },
    { key: 'S1', title: 'About the case', graded: false, guidance: null, questions: [], descriptors: [] },
    { key: 'S2', title: 'Why help', graded: true, guidance: null, questions: [], descriptors: [] },
  ],
};

const audit = (history: ModerationAudit['gradeHistory']): ModerationAudit => ({
  id: 'a1', caseRef: 'EH-1', status: 'SUBMITTED', auditorId: 'aud', moderatorId: 'mod', templateId: 'eh', templateVersion: 1,
  initialGrade: 'GOOD', moderatedGrade: null, currentGrade: 'GOOD',
  sections: [{ section: 'S2', auditorGrade: 'GOOD', moderatorGrade: null, notApplicableReason: null }],
  deadlines: { moderationDue: null, rectifyBy: null },
  gradeHistory: history,
});
const change = (section: string, source: string, to: string, rationale: string) => ({ section, source, to, rationale, changedAt: '2026-12-07T10:00:00Z' });

describe('the moderation of each section', () => {
  it('lists the graded sections, overall last, with the latest grade and rationale of the auditor and of the moderator', () => {
    const rows = moderationRows(
      audit([change('S2', 'AUDITOR', 'REQUIRES_IMPROVEMENT', 'first'), change('S2', 'AUDITOR', 'GOOD', 'second'), change('S2', 'MODERATOR', 'INADEQUATE', 'no plan'), change('OVERALL', 'AUDITOR', 'GOOD', 'weighed')]),
      template,
    );
    expect(rows.map((r) => r.key)).toEqual(['S2', 'OVERALL']);
    expect(rows[0]).toMatchObject({ auditorGrade: 'GOOD', auditorRationale: 'second', moderatorGrade: 'INADEQUATE', moderatorRationale: 'no plan' });
    expect(rows[1]).toMatchObject({ auditorGrade: 'GOOD', auditorRationale: 'weighed', moderatorGrade: null });
  });

  it('shows a decided section as agreed or changed', () => {
    const [row] = moderationRows(audit([change('S2', 'AUDITOR', 'GOOD', 'x'), change('S2', 'MODERATOR', 'GOOD', 'agreed')]), template);
    expect(recordedDecision(row)).toEqual({ decision: 'AGREE', grade: '', rationale: 'agreed' });
    expect(recordedDecision({ ...row, moderatorGrade: 'INADEQUATE' })).toMatchObject({ decision: 'CHANGE', grade: 'INADEQUATE' });
    expect(recordedDecision({ ...row, moderatorGrade: null })).toEqual({});
  });

  it("given agreement, the grade sent is the auditor's; given a change, the one chosen", () => {
    expect(moderatedGrade({ decision: 'AGREE', grade: 'INADEQUATE' }, 'GOOD')).toEqual({ grade: 'GOOD', problems: [] });
    expect(moderatedGrade({ decision: 'CHANGE', grade: 'INADEQUATE' }, 'GOOD')).toEqual({ grade: 'INADEQUATE', problems: [] });
  });

  it('refuses no decision, or a change with no grade, before anything is sent', () => {
    expect(moderatedGrade({}, 'GOOD').problems).toEqual([{ field: 'decision', text: expect.stringMatching(/agree .* or change/) }]);
    expect(moderatedGrade({ decision: 'CHANGE' }, 'GOOD').problems).toEqual([{ field: 'grade', text: 'Choose the grade you give the section' }]);
    expect(moderatedGrade({ decision: 'AGREE' }, null).problems[0].field).toBe('decision');
  });
});

describe('a date typed in three fields', () => {
  it('is a calendar date, or a problem on its day field', () => {
    expect(dateFromFields({ 'd-day': '7', 'd-month': '1', 'd-year': '2027' }, 'd', 'the date')).toEqual({ value: '2027-01-07', problem: null });
    expect(dateFromFields({}, 'd', 'the date').problem).toEqual({ field: 'd-day', text: 'Enter the date' });
    expect(dateFromFields({ 'd-day': 'x', 'd-month': '1', 'd-year': '27' }, 'd', 'the date').problem?.text).toMatch(/^The date must be a real date/);
  });
});
