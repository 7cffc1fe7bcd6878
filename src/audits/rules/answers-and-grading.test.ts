import { describe, expect, it } from '@jest/globals';
import { OVERALL, type Grade } from '../../shared/domain-types.js';
import { findTemplate } from '../templates/index.js';
import { auditDecider, overallGradeAdvice, type AuditCommand, type RecordAnswer, type RecordNarrative } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { calendar, spec, template, actor, admin, auditorActor, allocated, setGrade, gradeSet, fullyGraded, submitted, theAudit } from '../test-support/decider-fixtures.js';

describe('overallGradeAdvice (for the form, before submission)', () => {
  const fold = (events: AuditEvent[]) => theAudit(events.reduce(auditDecider.evolve, auditDecider.initialState()));

  it('suggests from the sections graded so far and flags the overall grade once given', () => {
    expect(overallGradeAdvice(fold([allocated]), template)).toEqual({ suggested: null, inconsistencies: [] });
    const partly = [allocated, gradeSet('S2_WHY_HELP', 'GOOD'), gradeSet('S3_CASE_RECORD', 'INADEQUATE')];
    expect(overallGradeAdvice(fold(partly), template)).toEqual({ suggested: 'INADEQUATE', inconsistencies: [] });
    expect(overallGradeAdvice(fold([...partly, gradeSet(OVERALL, 'GOOD')]), template)).toEqual({
      suggested: 'INADEQUATE',
      // AUD-12: one of two sections Good is no majority, so the majority grade is Inadequate.
      inconsistencies: ['overall GOOD with an INADEQUATE section', 'overall GOOD is more than one grade above INADEQUATE, the grade the majority of sections reach'],
    });
  });
});

describe('RecordAnswer', () => {
  const answer = (section: string, question: string, value: RecordAnswer['data']['answer'], who = auditorActor): RecordAnswer => ({
    type: 'RecordAnswer',
    data: { auditId: 'a1', section, question, answer: value, comment: '  Timely TAF  ' },
    template,
    actor: who,
    today: '2026-12-10',
    calendar,
  });

  it('records an allowed answer with its trimmed comment', () => {
    spec
      .given([allocated])
      .when(answer('S2_WHY_HELP', 'S2_Q1', 'PARTIALLY'))
      .then([{ type: 'AnswerRecorded', data: { auditId: 'a1', section: 'S2_WHY_HELP', question: 'S2_Q1', answer: 'PARTIALLY', comment: 'Timely TAF' } }]);
  });

  it('refuses a question of another section, or an unknown section', () => {
    spec.given([allocated]).when(answer('S2_WHY_HELP', 'S3_Q1', 'YES')).thenThrows('BAD_USER_INPUT', /^question: S3_Q1 is not a question of section S2_WHY_HELP/, 'question');
    spec.given([allocated]).when(answer('S99', 'S2_Q1', 'YES')).thenThrows('BAD_USER_INPUT', /^section: S99 is not a section of template early-help-uop v1/, 'section');
  });

  it('refuses an answer the question does not allow', () => {
    // Family feedback Q3 is YES / NO / N/A only; Q2 is free text.
    spec.given([allocated]).when(answer('S9_FAMILY_FEEDBACK', 'S9_Q3', 'PARTIALLY')).thenThrows('BAD_USER_INPUT', /^answer: question S9_Q3 takes one of YES, NO, NOT_APPLICABLE/, 'answer');
    spec
      .given([allocated])
      .when(answer('S9_FAMILY_FEEDBACK', 'S9_Q2', 'YES'))
      .thenThrows('BAD_USER_INPUT', /^answer: question S9_Q2 is free text, not a choice: use recordNarrative to answer it$/, 'answer');
  });

  it('is for the allocated auditor only, while the audit is open to them', () => {
    spec.given([allocated]).when(answer('S2_WHY_HELP', 'S2_Q1', 'YES', actor('mod', 'AUDITOR'))).thenThrows('FORBIDDEN', /only the allocated auditor/);
    spec.given([]).when(answer('S2_WHY_HELP', 'S2_Q1', 'YES')).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });
});

describe('SetGrade', () => {
  it('grades a section, carrying no previous grade', () => {
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'GOOD')).then([gradeSet('S4_ASSESSMENT', 'GOOD')]);
  });

  it('regrading carries the previous grade as `from`', () => {
    spec.given([allocated, gradeSet('S4_ASSESSMENT', 'GOOD')]).when(setGrade('S4_ASSESSMENT', 'REQUIRES_IMPROVEMENT')).then([gradeSet('S4_ASSESSMENT', 'REQUIRES_IMPROVEMENT', 'GOOD')]);
  });

  it('grades OVERALL', () => {
    spec.given([allocated]).when(setGrade(OVERALL, 'INADEQUATE')).then([gradeSet(OVERALL, 'INADEQUATE')]);
  });

  it('trims the rationale', () => {
    spec
      .given([allocated])
      .when(setGrade('S4_ASSESSMENT', 'GOOD', '  Analytical and shared with the family \n'))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ rationale: 'Analytical and shared with the family' }));
  });

  it.each(['', '   ', '\n\t'])('refuses the rationale %j', (rationale) => {
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'GOOD', rationale)).thenThrows('BAD_USER_INPUT', /^rationale: must not be empty/, 'rationale');
  });

  it('refuses a section not in the template, and an ungraded section', () => {
    spec.given([allocated]).when(setGrade('S11_NOPE', 'GOOD')).thenThrows('BAD_USER_INPUT', /^section: S11_NOPE is not a section of template early-help-uop v1/, 'section');
    spec.given([allocated]).when(setGrade('S9_FAMILY_FEEDBACK', 'GOOD')).thenThrows('BAD_USER_INPUT', /^section: S9_FAMILY_FEEDBACK is not a graded section/, 'section');
  });

  it('refuses a grade that is not a grade', () => {
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'EXCELLENT' as Grade)).thenThrows('BAD_USER_INPUT', /^grade: must be one of OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE/, 'grade');
  });

  it('is for the allocated auditor only: not the moderator, not the audit team', () => {
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'GOOD', 'x', actor('mod', 'MODERATOR'))).thenThrows('FORBIDDEN', /only the allocated auditor may grade/);
    spec.given([allocated]).when(setGrade('S4_ASSESSMENT', 'GOOD', 'x', admin)).thenThrows('FORBIDDEN', /only the allocated auditor/);
  });

  it('refuses an unknown audit', () => {
    spec.given([]).when(setGrade('S4_ASSESSMENT', 'GOOD')).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });

  it('refuses grading once the audit is submitted', () => {
    const submitted: AuditEvent = { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-12-10', overallGrade: 'GOOD', moderationDue: '2026-12-31' } };
    spec
      .given([allocated, ...fullyGraded('GOOD'), submitted])
      .when(setGrade('S4_ASSESSMENT', 'OUTSTANDING'))
      .thenThrows('CONFLICT', /the audit is SUBMITTED: the auditor can grade only while it is ALLOCATED or RETURNED/);
  });

  it('refuses a template other than the audit’s own version (a handler bug, not a user error)', () => {
    const wrong: AuditCommand = { ...setGrade('S4_ASSESSMENT', 'GOOD'), template: findTemplate('social-care') };
    expect(() => auditDecider.decide(wrong, [allocated].reduce(auditDecider.evolve, auditDecider.initialState()))).toThrow(/early-help-uop v1/);
  });
});

describe('RecordNarrative (free-text questions)', () => {
  const narrative = (section: string, question: string, text = '  Mum said the worker listened  ', who = auditorActor): RecordNarrative => ({
    type: 'RecordNarrative',
    data: { auditId: 'a1', section, question, text },
    template,
    actor: who,
    today: '2026-12-10',
    calendar,
  });

  it('records the auditor’s written answer to a free-text question, trimmed', () => {
    spec
      .given([allocated])
      .when(narrative('S9_FAMILY_FEEDBACK', 'S9_Q2'))
      .then([{ type: 'NarrativeRecorded', data: { auditId: 'a1', section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q2', text: 'Mum said the worker listened' } }]);
  });

  it('refuses a question that takes a choice, saying to use recordAnswer', () => {
    spec.given([allocated]).when(narrative('S9_FAMILY_FEEDBACK', 'S9_Q3')).thenThrows('BAD_USER_INPUT', /^question: question S9_Q3 takes one of YES, NO, NOT_APPLICABLE: use recordAnswer for it$/, 'question');
  });

  it('refuses empty text, an unknown section or a question of another section', () => {
    spec.given([allocated]).when(narrative('BESPOKE', 'BESPOKE_Q1', ' ')).thenThrows('BAD_USER_INPUT', /^text: must not be empty$/, 'text');
    spec.given([allocated]).when(narrative('S99', 'S9_Q2')).thenThrows('BAD_USER_INPUT', /^section: S99 is not a section/, 'section');
    spec.given([allocated]).when(narrative('BESPOKE', 'S9_Q2')).thenThrows('BAD_USER_INPUT', /^question: S9_Q2 is not a question of section BESPOKE$/, 'question');
  });

  it('is for the allocated auditor only, before submission', () => {
    spec.given([allocated]).when(narrative('BESPOKE', 'BESPOKE_Q1', 'x', actor('aud2', 'AUDITOR'))).thenThrows('FORBIDDEN', /^only the allocated auditor may record answers$/);
    spec.given([allocated, ...fullyGraded('GOOD'), submitted('GOOD')]).when(narrative('BESPOKE', 'BESPOKE_Q1')).thenThrows('CONFLICT', /the audit is SUBMITTED: answers can be recorded only while it is ALLOCATED or RETURNED/);
    spec.given([]).when(narrative('BESPOKE', 'BESPOKE_Q1')).thenThrows('NOT_FOUND', /audit a1 does not exist/);
  });
});
