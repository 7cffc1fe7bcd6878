import { describe, expect, it } from '@jest/globals';
import type { Grade } from '../shared/domain-types.js';
import { majorityGrade, overallGradeInconsistencies, suggestOverall, suggestOverallGrade } from './grading.js';

const O: Grade = 'OUTSTANDING';
const G: Grade = 'GOOD';
const R: Grade = 'REQUIRES_IMPROVEMENT';
const I: Grade = 'INADEQUATE';

describe('AUD-12: the suggested overall grade follows 002’s majority rule', () => {
  it.each([
    [[], null],
    [[G, G, G, G, G, G, G], G],
    // "the majority of individual sections have been judged to be Outstanding".
    [[O, O, O, G], O],
    // Exactly half is no majority: the lower grade.
    [[O, O, G, G], G],
    [[G, R], R],
    // The majority Good or better makes Good, whatever the spread above it.
    [[O, O, G, R, R], G],
    // Outstanding needs Good in all points: one section below Good holds it to Good.
    [[O, O, O, R], G],
    // 004: "4 RI sections and 1 inadequate section, it could be RI overall".
    [[R, R, R, R, I], R],
    // An Inadequate area holds it to RI however good the rest.
    [[G, G, G, G, G, G, I], R],
    [[I, I, I, G], I],
  ] as [Grade[], Grade | null][])('%j → %s', (sections, expected) => {
    expect(suggestOverallGrade(sections)).toBe(expected);
  });

  it('says which rule it used, with the counts', () => {
    expect(suggestOverall([G, G, G, R, R])).toEqual({ grade: G, rule: 'MAJORITY', explanation: '3 of 5 sections Good or better: the majority (002 Outcomes)' });
    expect(suggestOverall([O, O, O, R])).toEqual({
      grade: G,
      rule: 'AT_MOST_GOOD',
      explanation: '3 of 4 sections Outstanding, but 1 below Good: at most Good (Outstanding meets Good in all points)',
    });
    expect(suggestOverall([G, G, G, I])).toEqual({
      grade: R,
      rule: 'AT_MOST_REQUIRES_IMPROVEMENT',
      explanation: '3 of 4 sections Good or better, but 1 Inadequate: at most Requires Improvement; Inadequate overall if it is a key area (002 Outcomes, 004)',
    });
    expect(suggestOverall([R, R, R, R, I])?.explanation).toBe(
      '4 of 5 sections Requires Improvement or better: the majority (002 Outcomes); 1 Inadequate: Inadequate overall if it is a key area (002 Outcomes, 004)',
    );
    expect(suggestOverall([I, I, I, G])).toEqual({ grade: I, rule: 'MAJORITY', explanation: '3 of 4 sections Inadequate, no majority Requires Improvement or better: the majority (002 Outcomes)' });
    expect(suggestOverall([])).toBeNull();
  });

  it('counts the sections: not a median of them', () => {
    // A median of [I, R, G, G, O, O] sits between Good and Good; the majority reaching Good or better is 4 of 6.
    expect(majorityGrade([I, R, G, G, O, O])).toEqual({ grade: G, reaching: 4 });
    // Three of six reaching Good is not more than half.
    expect(majorityGrade([R, R, R, G, G, O])).toEqual({ grade: R, reaching: 6 });
  });

  it('does not depend on the order of the sections', () => {
    expect(suggestOverall([I, G, G, G, G, G, G])).toEqual(suggestOverall([G, G, G, I, G, G, G]));
  });
});

describe('overallGradeInconsistencies', () => {
  it('finds nothing when the overall follows the sections', () => {
    expect(overallGradeInconsistencies(G, [G, G, G])).toEqual([]);
    expect(overallGradeInconsistencies(R, [R, R, R, R, I])).toEqual([]);
    expect(overallGradeInconsistencies(I, [R, R, R, R, I])).toEqual([]);
    expect(overallGradeInconsistencies(O, [O, O, G])).toEqual([]);
    expect(overallGradeInconsistencies(G, [])).toEqual([]);
  });

  it('flags Good or Outstanding overall with an Inadequate section', () => {
    expect(overallGradeInconsistencies(G, [G, G, G, I])).toEqual(['overall GOOD with an INADEQUATE section']);
    expect(overallGradeInconsistencies(O, [O, O, O, I])).toEqual(['overall OUTSTANDING with an INADEQUATE section']);
  });

  it('flags Outstanding overall with a section below Good', () => {
    expect(overallGradeInconsistencies(O, [G, G, R])).toEqual(['overall OUTSTANDING with a section below GOOD']);
  });

  it('flags an overall more than one grade above the grade the majority of sections reach', () => {
    expect(overallGradeInconsistencies(G, [I, I, R])).toEqual([
      'overall GOOD with an INADEQUATE section',
      'overall GOOD is more than one grade above INADEQUATE, the grade the majority of sections reach',
    ]);
    // Half Good is no majority: RI, and OUTSTANDING is two grades above it.
    expect(overallGradeInconsistencies(O, [R, G])).toContain('overall OUTSTANDING is more than one grade above REQUIRES_IMPROVEMENT, the grade the majority of sections reach');
    // Exactly one grade above is the auditor's judgement, not an inconsistency.
    expect(overallGradeInconsistencies(R, [I, I, I])).toEqual([]);
  });

  it('flags an overall below every section', () => {
    expect(overallGradeInconsistencies(R, [G, G, O])).toEqual(['overall REQUIRES_IMPROVEMENT is below every section grade']);
  });
});
