import { describe, expect, it } from '@jest/globals';
import type { Grade } from '../shared/domain-types.js';
import { overallGradeInconsistencies, suggestOverallGrade } from './grading.js';

const O: Grade = 'OUTSTANDING';
const G: Grade = 'GOOD';
const R: Grade = 'REQUIRES_IMPROVEMENT';
const I: Grade = 'INADEQUATE';

describe('suggestOverallGrade', () => {
  it.each([
    [[], null],
    [[G, G, G, G, G, G, G], G],
    [[O, O, O, G], O],
    // An even count takes the more cautious middle grade.
    [[O, O, G, G], G],
    [[G, R], R],
    // Outstanding needs good in all points: one section below Good caps the suggestion at GOOD.
    [[O, O, O, R], G],
    // 004: "4 RI sections and 1 inadequate section, it could be RI overall".
    [[R, R, R, R, I], R],
    // An Inadequate section caps the suggestion at RI, however good the rest.
    [[G, G, G, G, G, G, I], R],
    [[I, I, I, G], I],
  ] as [Grade[], Grade | null][])('%j → %s', (sections, expected) => {
    expect(suggestOverallGrade(sections)).toBe(expected);
  });

  it('does not depend on the order of the sections', () => {
    expect(suggestOverallGrade([I, G, G, G, G, G, G])).toBe(suggestOverallGrade([G, G, G, I, G, G, G]));
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

  it('flags an overall more than one grade above the median, using the mean of the middle two for an even count', () => {
    expect(overallGradeInconsistencies(G, [I, I, R])).toEqual([
      'overall GOOD with an INADEQUATE section',
      "overall GOOD is more than one grade above the sections' median",
    ]);
    // median of [RI, GOOD] is 2.5: OUTSTANDING (4) is 1.5 above it.
    expect(overallGradeInconsistencies(O, [R, G])).toContain("overall OUTSTANDING is more than one grade above the sections' median");
    // exactly one grade above is the auditor's judgement, not an inconsistency.
    expect(overallGradeInconsistencies(R, [I, I, I])).toEqual([]);
  });

  it('flags an overall below every section', () => {
    expect(overallGradeInconsistencies(R, [G, G, O])).toEqual(['overall REQUIRES_IMPROVEMENT is below every section grade']);
  });
});
