import { GRADES, gradeRank, type Grade } from '../shared/domain-types.js';

/**
 * AUD-12 (docs/rules/the-audit.md): the overall grade the section grades suggest, by 002's rule for
 * the overall judgement ("Outcomes"), and when an overall grade looks inconsistent with them. The
 * auditor decides the overall grade (004: "use their professional judgement"); the suggestion is a
 * prompt and the inconsistencies go to the audit team's QA, neither refuses anything.
 *
 * 002 "Outcomes": Outstanding "where the majority of individual sections have been judged to be
 * Outstanding", Good where the majority are Good, Requires Improvement where the majority are RI.
 * The sections are counted: the suggestion is the best grade that more than half of them reach (that
 * grade or better); exactly half is not a majority, so a tie goes to the lower grade. Then:
 *   - an area below Good holds it to at most Good (Outstanding "meets good consistently in all points", 000/003);
 *   - an Inadequate area holds it to at most Requires Improvement (Good means deficits "are minor"). 002
 *     makes the file Inadequate where "key areas" are Inadequate; whether an area is key is the
 *     auditor's judgement (004: "4 RI sections and 1 inadequate section, it could be RI overall"), so the
 *     suggestion says so rather than deciding it. A majority of Inadequate areas is Inadequate.
 *
 * Inconsistent when:
 *   1. the overall is GOOD or OUTSTANDING and a section is INADEQUATE;
 *   2. the overall is OUTSTANDING and a section is below GOOD;
 *   3. the overall is more than one grade above the grade the majority of sections reach;
 *   4. the overall is below every section (nothing in the sections supports it).
 */

export type SuggestionRule = 'MAJORITY' | 'AT_MOST_GOOD' | 'AT_MOST_REQUIRES_IMPROVEMENT';

export type OverallSuggestion = {
  grade: Grade;
  rule: SuggestionRule;
  /** In words, with the counts: which rule gave the grade. */
  explanation: string;
};

const LABEL: Record<Grade, string> = { OUTSTANDING: 'Outstanding', GOOD: 'Good', REQUIRES_IMPROVEMENT: 'Requires Improvement', INADEQUATE: 'Inadequate' };

/** The best grade that more than half of the sections reach, and how many reach it; null when none is graded. */
export function majorityGrade(sectionGrades: readonly Grade[]): { grade: Grade; reaching: number } | null {
  if (sectionGrades.length === 0) return null;
  for (const grade of GRADES) {
    const reaching = sectionGrades.filter((g) => gradeRank(g) >= gradeRank(grade)).length;
    if (reaching * 2 > sectionGrades.length) return { grade, reaching };
  }
  // Every section reaches Inadequate, so the loop always returns.
  return { grade: 'INADEQUATE', reaching: sectionGrades.length };
}

/** null when no section is graded. */
export function suggestOverall(sectionGrades: readonly Grade[]): OverallSuggestion | null {
  const majority = majorityGrade(sectionGrades);
  if (!majority) return null;
  const total = sectionGrades.length;
  const inadequate = sectionGrades.filter((g) => g === 'INADEQUATE').length;
  const counted =
    majority.grade === 'INADEQUATE'
      ? `${inadequate} of ${total} sections Inadequate, no majority Requires Improvement or better`
      : `${majority.reaching} of ${total} sections ${LABEL[majority.grade]}${majority.grade === 'OUTSTANDING' ? '' : ' or better'}`;
  const belowGood = sectionGrades.filter((g) => gradeRank(g) < gradeRank('GOOD')).length;
  if (inadequate > 0 && gradeRank(majority.grade) > gradeRank('REQUIRES_IMPROVEMENT')) {
    return {
      grade: 'REQUIRES_IMPROVEMENT',
      rule: 'AT_MOST_REQUIRES_IMPROVEMENT',
      explanation: `${counted}, but ${inadequate} Inadequate: at most Requires Improvement; Inadequate overall if it is a key area (002 Outcomes, 004)`,
    };
  }
  if (belowGood > 0 && majority.grade === 'OUTSTANDING') {
    return { grade: 'GOOD', rule: 'AT_MOST_GOOD', explanation: `${counted}, but ${belowGood} below Good: at most Good (Outstanding meets Good in all points)` };
  }
  const keyAreas = inadequate > 0 && majority.grade === 'REQUIRES_IMPROVEMENT' ? `; ${inadequate} Inadequate: Inadequate overall if it is a key area (002 Outcomes, 004)` : '';
  return { grade: majority.grade, rule: 'MAJORITY', explanation: `${counted}: the majority (002 Outcomes)${keyAreas}` };
}

/** The suggested grade alone; null when no section is graded. */
export function suggestOverallGrade(sectionGrades: readonly Grade[]): Grade | null {
  return suggestOverall(sectionGrades)?.grade ?? null;
}

/** Reasons the overall grade looks inconsistent with the section grades; [] when it does not. */
export function overallGradeInconsistencies(overall: Grade, sectionGrades: readonly Grade[]): string[] {
  const majority = majorityGrade(sectionGrades);
  if (!majority) return [];
  const reasons: string[] = [];
  const ranks = sectionGrades.map(gradeRank);
  const overallRank = gradeRank(overall);
  const worst = Math.min(...ranks);

  if (overallRank >= gradeRank('GOOD') && worst === gradeRank('INADEQUATE')) {
    reasons.push(`overall ${overall} with an INADEQUATE section`);
  }
  if (overall === 'OUTSTANDING' && worst < gradeRank('GOOD') && worst !== gradeRank('INADEQUATE')) {
    reasons.push('overall OUTSTANDING with a section below GOOD');
  }
  if (overallRank - gradeRank(majority.grade) > 1) {
    reasons.push(`overall ${overall} is more than one grade above ${majority.grade}, the grade the majority of sections reach`);
  }
  if (overallRank < worst) {
    reasons.push(`overall ${overall} is below every section grade`);
  }
  return reasons;
}
