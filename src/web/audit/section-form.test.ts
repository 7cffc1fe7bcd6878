import { describe, expect, it } from '@jest/globals';
import type { Audit, Template, TemplateSection } from './audit.queries.js';
import { journeySections, moderatorGrade, recordedValues, sectionChanges, sectionState, submissionRefusal, withSectionTitles } from './section-form.js';

const S2: TemplateSection = {
  key: 'S2',
  title: 'Why this family needs help',
  graded: true,
  guidance: null,
  questions: [
    { key: 'S2_Q1', text: 'Is the practitioner clear?', answers: ['YES', 'NO', 'NOT_APPLICABLE', 'PARTIALLY'] },
    { key: 'S2_Q2', text: 'What would strengthen practice?', answers: [] },
  ],
  descriptors: [],
};
const OVERALL: TemplateSection = { key: 'OVERALL', title: 'Overall evaluation', graded: false, guidance: null, questions: [], descriptors: [] };
const template = { id: 't', version: 1, name: 'T', sections: [OVERALL, S2], gradeDescriptors: [] } as Template;

const audit = (over: Partial<Audit> = {}): Audit => ({
  id: 'a1',
  caseRef: 'EH-1',
  status: 'ALLOCATED',
  auditorId: 'aud',
  templateId: 't',
  templateVersion: 1,
  initialGrade: null,
  moderatedGrade: null,
  currentGrade: null,
  suggestedOverallGrade: null,
  overallGradeInconsistencies: [],
  sections: [],
  answers: [],
  narratives: [],
  deadlines: {},
  actions: [],
  ...over,
});

describe('a section form', () => {
  it("the moderator's grade of a section, and of OVERALL the moderated grade; none before moderation", () => {
    const moderated = audit({ moderatedGrade: 'REQUIRES_IMPROVEMENT', sections: [{ section: 'S2', auditorGrade: 'GOOD', moderatorGrade: 'REQUIRES_IMPROVEMENT' }] });
    expect(moderatorGrade(moderated, 'S2')).toBe('REQUIRES_IMPROVEMENT');
    expect(moderatorGrade(moderated, 'OVERALL')).toBe('REQUIRES_IMPROVEMENT');
    expect(moderatorGrade(audit({ sections: [{ section: 'S2', auditorGrade: 'GOOD', moderatorGrade: null }] }), 'S2')).toBeNull();
    expect(moderatorGrade(audit(), 'OVERALL')).toBeNull();
  });

  it('is worked through with the overall evaluation last', () => {
    expect(journeySections(template).map((s) => s.key)).toEqual(['S2', 'OVERALL']);
  });

  it('is not started, in progress when something is recorded, completed when graded', () => {
    expect(sectionState(audit(), S2)).toBe('NOT_STARTED');
    expect(sectionState(audit({ answers: [{ section: 'S2', question: 'S2_Q1', answer: 'YES', comment: null }] }), S2)).toBe('IN_PROGRESS');
    expect(sectionState(audit({ sections: [{ section: 'S2', auditorGrade: 'GOOD', moderatorGrade: null }] }), S2)).toBe('COMPLETED');
    expect(sectionState(audit({ initialGrade: 'GOOD' }), OVERALL)).toBe('COMPLETED');
  });

  it('sends only what changed: a saved section saved again sends nothing', () => {
    const recorded = recordedValues(
      audit({
        answers: [{ section: 'S2', question: 'S2_Q1', answer: 'YES', comment: null }],
        narratives: [{ section: 'S2', question: 'S2_Q2', text: 'More direct work' }],
        sections: [{ section: 'S2', auditorGrade: 'GOOD', moderatorGrade: null }],
      }),
      S2,
      { S2: 'Evidence' },
    );
    expect(recorded).toEqual({ 'answer-S2_Q1': 'YES', 'narrative-S2_Q2': 'More direct work', grade: 'GOOD', rationale: 'Evidence' });
    expect(sectionChanges('a1', S2, recorded, { ...recorded, _csrf: 'x' })).toEqual({ changes: [], problems: [] });

    const { changes } = sectionChanges('a1', S2, recorded, { ...recorded, 'answer-S2_Q1': 'NO', rationale: 'Evidence, re-read' });
    expect(changes.map((c) => c.variables)).toEqual([
      { input: { auditId: 'a1', section: 'S2', question: 'S2_Q1', answer: 'NO' } },
      { input: { auditId: 'a1', section: 'S2', grade: 'GOOD', rationale: 'Evidence, re-read' } },
    ]);
    expect(changes[0].fieldFor(null)).toBe('answer-S2_Q1');
    expect([changes[1].fieldFor('rationale'), changes[1].fieldFor('grade'), changes[1].fieldFor(null)]).toEqual(['rationale', 'grade', null]);
  });

  it('asks for a grade when only a rationale is given, and sends nothing for it', () => {
    expect(sectionChanges('a1', S2, {}, { rationale: 'Evidence' })).toEqual({
      changes: [],
      problems: [{ field: 'grade', text: 'Select a grade for the rationale you gave' }],
    });
  });

  it('names sections by their titles in the API’s messages', () => {
    expect(withSectionTitles('not graded: S2', template)).toBe('not graded: “Why this family needs help”');
  });

  it("words the API's refusal of a submission for the auditor: grades, case actions and the page instead of the operation", () => {
    expect(
      submissionRefusal(
        'cannot submit: work graded REQUIRES_IMPROVEMENT needs at least one CASE action that brings it to Good (003 Actions, rule AUD-4): agree one with agreeAction first',
        template,
      ),
    ).toBe('You cannot submit yet: work graded Requires improvement needs at least one case action that brings it to Good (003 Actions, rule AUD-4): agree one on the audit first');
    expect(submissionRefusal('cannot submit: the date of the collaborative discussion is required (rule AUD-1): record it with recordCollaborativeDiscussion first', template)).toBe(
      'You cannot submit yet: the date of the collaborative discussion is required (rule AUD-1): record it on the audit first',
    );
    expect(submissionRefusal('cannot submit: every graded section needs a grade; not graded: S2', template)).toBe('You cannot submit yet: every graded section needs a grade; not graded: “Why this family needs help”');
  });
});
