import { describe, expect, it } from '@jest/globals';
import { ANSWERS, GRADES, OVERALL } from '../../shared/domain-types.js';
import {
  DEFAULT_TEMPLATE_ID,
  TEMPLATES,
  findQuestion,
  findSection,
  findTemplate,
  gradedSections,
  isGradeableSection,
  latestTemplates,
} from './index.js';

describe('audit templates', () => {
  it('publishes each (id, version) once', () => {
    const ids = TEMPLATES.map((t) => `${t.id}@${t.version}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(latestTemplates().map((t) => t.id)).toEqual(['early-help-uop', 'social-care', 'dip-sample']);
  });

  describe.each(TEMPLATES.map((t) => [`${t.id} v${t.version}`, t] as const))('%s', (_name, template) => {
    it('has keys unique within the template, sections and questions alike', () => {
      const keys = template.sections.flatMap((s) => [s.key, ...s.questions.map((q) => q.key)]);
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('has questions in every graded section', () => {
      expect(gradedSections(template).length).toBeGreaterThan(0);
      for (const section of gradedSections(template)) {
        expect(section.questions.length).toBeGreaterThan(0);
      }
    });

    it('asks graded questions with the template answers and describes every grade', () => {
      for (const section of gradedSections(template)) {
        for (const q of section.questions) expect(q.answers).toEqual([...ANSWERS]);
      }
      for (const q of template.sections.flatMap((s) => s.questions)) {
        expect(q.text.trim()).not.toBe('');
        for (const a of q.answers) expect(ANSWERS).toContain(a);
      }
      for (const grade of GRADES) expect(template.gradeDescriptors[grade].trim()).not.toBe('');
    });

    it('never grades OVERALL as a section, and always accepts an overall grade', () => {
      expect(gradedSections(template).map((s) => s.key)).not.toContain(OVERALL);
      expect(isGradeableSection(template, OVERALL)).toBe(true);
      expect(isGradeableSection(template, 'NO_SUCH_SECTION')).toBe(false);
    });
  });

  describe('Early Help "Understanding our Early Help Practice" v1', () => {
    const eh = findTemplate('early-help-uop', 1)!;

    it('is the default template (its latest version, v2, is allocated)', () => {
      expect(DEFAULT_TEMPLATE_ID).toBe('early-help-uop');
      expect(findTemplate(DEFAULT_TEMPLATE_ID)).toBe(findTemplate('early-help-uop', 2));
      expect(eh.kind).toBe('EARLY_HELP');
      expect(eh.collaborativeDiscussion).toBeUndefined();
      expect(eh.name).toBe('Understanding our Early Help Practice');
    });

    it('keeps the document order: overall evaluation, sections 2–8, bespoke questions, family and practitioner feedback', () => {
      expect(eh.sections.map((s) => s.key)).toEqual([
        OVERALL,
        'S2_WHY_HELP',
        'S3_CASE_RECORD',
        'S4_ASSESSMENT',
        'S5_PLANS_REVIEWS',
        'S6_DIRECT_WORK',
        'S7_SUPERVISION',
        'S8_COMMUNITY',
        'BESPOKE',
        'S9_FAMILY_FEEDBACK',
        'S10_PRACTITIONER_FEEDBACK',
      ]);
      const overall = findSection(eh, OVERALL)!;
      expect(overall.graded).toBe(false);
      expect(overall.questions).toEqual([]);
    });

    it('grades sections 2–8 with the exact question counts of the template', () => {
      const counts = Object.fromEntries(gradedSections(eh).map((s) => [s.key, s.questions.length]));
      expect(counts).toEqual({
        S2_WHY_HELP: 7,
        S3_CASE_RECORD: 5,
        S4_ASSESSMENT: 6,
        S5_PLANS_REVIEWS: 7,
        S6_DIRECT_WORK: 6,
        S7_SUPERVISION: 6,
        S8_COMMUNITY: 4,
      });
    });

    it('keys section 2 by order although the document skips number 2', () => {
      const s2 = findSection(eh, 'S2_WHY_HELP')!;
      expect(s2.questions.map((q) => q.key)).toEqual(['S2_Q1', 'S2_Q2', 'S2_Q3', 'S2_Q4', 'S2_Q5', 'S2_Q6', 'S2_Q7']);
      expect(s2.questions[1].text).toMatch(/^Was the help\/ support identified provided in a timely manner/);
      expect(findQuestion(eh, 'S4_Q1')?.question.text).toMatch(/timely assessment been completed \(30 days\)/);
      expect(findQuestion(eh, 'S8_Q4')?.section.key).toBe('S8_COMMUNITY');
    });

    it('does not grade bespoke questions or feedback; family feedback YES/NO/N/A excludes Partially', () => {
      for (const key of ['BESPOKE', 'S9_FAMILY_FEEDBACK', 'S10_PRACTITIONER_FEEDBACK']) {
        expect(findSection(eh, key)!.graded).toBe(false);
      }
      expect(findSection(eh, 'BESPOKE')!.questions.every((q) => q.answers.length === 0)).toBe(true);
      const family = findSection(eh, 'S9_FAMILY_FEEDBACK')!;
      expect(family.questions).toHaveLength(8);
      expect(family.questions[0].text).toMatch(/between 1 and 5/);
      const choices = family.questions.filter((q) => q.answers.length > 0);
      expect(choices.map((q) => q.key)).toEqual(['S9_Q3', 'S9_Q7']);
      for (const q of choices) expect(q.answers).toEqual(['YES', 'NO', 'NOT_APPLICABLE']);
      const practitioner = findSection(eh, 'S10_PRACTITIONER_FEEDBACK')!;
      expect(practitioner.questions).toHaveLength(7);
      expect(practitioner.questions.every((q) => q.answers.length === 0)).toBe(true);
    });

    it('carries "What does good look like" for each graded section and the grading criteria', () => {
      for (const s of gradedSections(eh)) expect(s.descriptors?.GOOD?.length).toBeGreaterThan(0);
      expect(eh.gradeDescriptors.REQUIRES_IMPROVEMENT).toMatch(/does not leave children at risk of significant harm/);
      expect(eh.gradeDescriptors.INADEQUATE).toMatch(/Children are left at risk of significant harm/);
    });
  });

  describe('Early Help v2 (AUD-1, AUD-2, AUD-3)', () => {
    const v1 = findTemplate('early-help-uop', 1)!;
    const v2 = findTemplate('early-help-uop', 2)!;

    it('opens with the "Overview of Case" box as four written questions, then v1’s sections unchanged', () => {
      expect(v2.sections.map((s) => s.key)).toEqual(['OVERVIEW', ...v1.sections.map((s) => s.key)]);
      const overview = findSection(v2, 'OVERVIEW')!;
      expect(overview).toMatchObject({ graded: false, guidance: 'To be completed in conversation with practitioner.' });
      expect(overview.questions.map((q) => [q.key, q.answers])).toEqual([
        ['OVERVIEW_Q1', []],
        ['OVERVIEW_Q2', []],
        ['OVERVIEW_Q3', []],
        ['OVERVIEW_Q4', []],
      ]);
      expect(overview.questions.map((q) => q.text).join(' ')).toMatch(/synopsis.*knowledge.*worked well.*challenges/is);
      expect(v2.sections.slice(1)).toEqual(v1.sections);
    });

    it('ships the guidance on how to approach the audit, and requires the collaborative discussion', () => {
      expect(v2.guidance?.[0]).toBe('Please only review the preceding 6 months.');
      expect(v2.guidance?.[1]).toMatch(/meet with the practitioner/);
      expect(v2.collaborativeDiscussion).toBe('REQUIRED');
      expect(v2.sectionsMayBeNotApplicable).toBeUndefined();
    });
  });

  describe('social care v2 (AUD-8, AUD-11)', () => {
    const v2 = findTemplate('social-care', 2)!;

    it('grades six areas; Outcomes is the rule for the overall judgement, asked but not graded', () => {
      expect(gradedSections(v2).map((s) => s.key)).toEqual(['CONTACT_REFERRAL', 'RECORDING', 'ASSESSMENT', 'PLANNING', 'REVIEWS', 'MANAGEMENT_OVERSIGHT']);
      expect(findSection(v2, 'OUTCOMES')).toMatchObject({ graded: false, guidance: expect.stringMatching(/overall judgement/) });
      expect(v2.gradeDescriptors.GOOD).toMatch(/^Outcomes: The majority of individual sections have been judged to be Good/);
      expect(v2.gradeDescriptors.INADEQUATE).toMatch(/Key areas have been judged to be inadequate/);
    });

    it('lets a section be marked not applicable and requires the discussion with the social worker', () => {
      expect(v2).toMatchObject({ sectionsMayBeNotApplicable: true, collaborativeDiscussion: 'REQUIRED' });
      expect(v2.guidance?.join(' ')).toMatch(/Do not feel you need to fill in every box/);
    });
  });

  describe('social care v3 (AUD-10)', () => {
    const v3 = findTemplate('social-care', 3)!;

    it("is the latest: version 2's sections and criteria, moderated by a 10% sample, saying so in its guidance", () => {
      expect(findTemplate('social-care')).toBe(v3);
      const v2 = findTemplate('social-care', 2)!;
      expect(v3.sections).toEqual(v2.sections);
      expect(v3.gradeDescriptors).toEqual(v2.gradeDescriptors);
      expect(v3.moderationSamplePercent).toBe(10);
      expect(v2.moderationSamplePercent).toBeUndefined();
      expect(v3.guidance?.at(-1)).toMatch(/^10% of audits received are moderated each month by the AP team/);
    });
  });

  describe('social care v1', () => {
    const sc = findTemplate('social-care', 1)!;

    it('grades the seven areas of the practice guidance, each with a descriptor per grade', () => {
      expect(sc.kind).toBe('SOCIAL_CARE');
      expect(sc.sections.map((s) => s.title)).toEqual([
        'Contact / Referral',
        'Recording / Information',
        'Assessment',
        'Planning',
        'Reviews',
        'Management oversight',
        'Outcomes',
      ]);
      for (const s of sc.sections) {
        expect(s.graded).toBe(true);
        for (const grade of GRADES) expect(s.descriptors?.[grade]?.length).toBeGreaterThan(0);
      }
    });
  });

  describe('dip sample v1', () => {
    const dip = findTemplate('dip-sample')!;

    it('answers the themes without grading them, and grades the progress of UoPP actions', () => {
      expect(dip.kind).toBe('DIP_SAMPLE');
      expect(dip.sections.map((s) => s.key)).toEqual(['CLOSURE', 'STEP_DOWN', 'SUPERVISION', 'DIRECT_WORK', 'PROGRESS']);
      expect(gradedSections(dip).map((s) => s.key)).toEqual(['PROGRESS']);
      for (const s of dip.sections) expect(s.questions.length).toBeGreaterThanOrEqual(3);
      expect(findQuestion(dip, 'PROGRESS_Q1')?.question.text).toMatch(/UoPP/);
    });
  });

  describe('versions', () => {
    it('finds the latest version when none is given, and a specific version when asked', () => {
      expect(findTemplate('early-help-uop')?.version).toBe(2);
      expect(findTemplate('early-help-uop', 1)?.version).toBe(1);
      expect(findTemplate('early-help-uop', 3)).toBeUndefined();
      expect(findTemplate('no-such-template')).toBeUndefined();
    });

    it('keeps a published version as it is: frozen, and still found by its number', () => {
      const v1 = findTemplate('early-help-uop', 1)!;
      expect(Object.isFrozen(v1)).toBe(true);
      expect(() => {
        (v1 as { name: string }).name = 'Changed';
      }).toThrow(TypeError);
      expect(() => {
        (v1.sections as unknown[]).push({});
      }).toThrow(TypeError);
      expect(() => {
        (v1.sections[1].questions[0] as { text: string }).text = 'Changed';
      }).toThrow(TypeError);
      expect(findTemplate('early-help-uop', 1)).toBe(v1);
      expect(v1.name).toBe('Understanding our Early Help Practice');
      expect(v1.sections[1].questions[0].text).toBe('Is the practitioner clear about why is Early Help working with this family?');
    });
  });
});
