import { GRADES, gradeRank, type Grade } from '../shared/domain-types.js';

/**
 * The overall grade the section grades suggest, and when an overall grade looks inconsistent with them.
 * The auditor decides the overall grade (004: "use their professional judgement"); the suggestion is a
 * prompt and the inconsistencies go to the audit team's QA, neither refuses anything.
 *
 * Suggestion: the median of the section grades, taking the lower of the two middle grades when the count
 * is even (a tie goes to the more cautious grade), then capped:
 *   - any section below Good  → at most GOOD (Outstanding "meets good consistently in all points");
 *   - any section Inadequate  → at most REQUIRES_IMPROVEMENT (Good means deficits "are minor").
 * It is never lower than the median: 004 says one Inadequate section among RI sections "could be RI
 * overall", and only the auditor can judge that it is serious enough to make the whole file Inadequate.
 *
 * Inconsistent when:
 *   1. the overall is GOOD or OUTSTANDING and a section is INADEQUATE;
 *   2. the overall is OUTSTANDING and a section is below GOOD;
 *   3. the overall is more than one grade above the median of the sections (average of the middle two);
 *   4. the overall is below every section (nothing in the sections supports it).
 */

const byRank = (rank: number): Grade => GRADES[4 - rank];

/** null when no section is graded. */
export function suggestOverallGrade(sectionGrades: readonly Grade[]): Grade | null {
  if (sectionGrades.length === 0) return null;
  const ranks = sectionGrades.map(gradeRank).sort((a, b) => a - b);
  let rank = ranks[Math.floor((ranks.length - 1) / 2)];
  if (ranks[0] < gradeRank('GOOD')) rank = Math.min(rank, gradeRank('GOOD'));
  if (ranks[0] === gradeRank('INADEQUATE')) rank = Math.min(rank, gradeRank('REQUIRES_IMPROVEMENT'));
  return byRank(rank);
}

/** Reasons the overall grade looks inconsistent with the section grades; [] when it does not. */
export function overallGradeInconsistencies(overall: Grade, sectionGrades: readonly Grade[]): string[] {
  if (sectionGrades.length === 0) return [];
  const reasons: string[] = [];
  const ranks = sectionGrades.map(gradeRank).sort((a, b) => a - b);
  const overallRank = gradeRank(overall);
  const worst = ranks[0];
  const middle = ranks.length / 2;
  const median = ranks.length % 2 === 1 ? ranks[Math.floor(middle)] : (ranks[middle - 1] + ranks[middle]) / 2;

  if (overallRank >= gradeRank('GOOD') && worst === gradeRank('INADEQUATE')) {
    reasons.push(`overall ${overall} with an INADEQUATE section`);
  }
  if (overall === 'OUTSTANDING' && worst < gradeRank('GOOD') && worst !== gradeRank('INADEQUATE')) {
    reasons.push('overall OUTSTANDING with a section below GOOD');
  }
  if (overallRank - median > 1) {
    reasons.push(`overall ${overall} is more than one grade above the sections' median`);
  }
  if (overallRank < worst) {
    reasons.push(`overall ${overall} is below every section grade`);
  }
  return reasons;
}
