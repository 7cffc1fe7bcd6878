import { describe, expect, it } from '@jest/globals';
import { agreementByAuditor, changeMatrix, gradeCounts, moderationSummary, type GradedPair } from './moderation.js';

const pairs: GradedPair[] = [
  { initial: 'GOOD', moderated: 'GOOD' },
  { initial: 'GOOD', moderated: 'REQUIRES_IMPROVEMENT' },
  { initial: 'REQUIRES_IMPROVEMENT', moderated: 'GOOD' },
  { initial: 'INADEQUATE', moderated: 'INADEQUATE' },
  { initial: 'OUTSTANDING', moderated: 'INADEQUATE' },
];

describe('board report moderation figures', () => {
  it('counts initial and moderated grades, best first', () => {
    expect(
      gradeCounts([
        { initialGrade: 'GOOD', moderatedGrade: 'REQUIRES_IMPROVEMENT' },
        { initialGrade: 'GOOD', moderatedGrade: null },
        { initialGrade: 'INADEQUATE', moderatedGrade: 'INADEQUATE' },
        { initialGrade: null, moderatedGrade: null },
      ]),
    ).toEqual([
      { grade: 'OUTSTANDING', initial: 0, moderated: 0 },
      { grade: 'GOOD', initial: 2, moderated: 0 },
      { grade: 'REQUIRES_IMPROVEMENT', initial: 0, moderated: 1 },
      { grade: 'INADEQUATE', initial: 1, moderated: 1 },
    ]);
  });

  it('counts unchanged, upgraded and downgraded, and the agreement rate', () => {
    expect(moderationSummary(pairs)).toEqual({ moderated: 5, unchanged: 2, upgraded: 1, downgraded: 2, agreementRate: 0.4 });
    expect(moderationSummary([])).toEqual({ moderated: 0, unchanged: 0, upgraded: 0, downgraded: 0, agreementRate: null });
  });

  it('fills the 4 × 4 change matrix, zeros included', () => {
    const matrix = changeMatrix(pairs);
    expect(matrix).toHaveLength(16);
    expect(matrix.reduce((sum, cell) => sum + cell.count, 0)).toBe(5);
    expect(matrix.filter((cell) => cell.count > 0)).toEqual([
      { initial: 'OUTSTANDING', moderated: 'INADEQUATE', count: 1 },
      { initial: 'GOOD', moderated: 'GOOD', count: 1 },
      { initial: 'GOOD', moderated: 'REQUIRES_IMPROVEMENT', count: 1 },
      { initial: 'REQUIRES_IMPROVEMENT', moderated: 'GOOD', count: 1 },
      { initial: 'INADEQUATE', moderated: 'INADEQUATE', count: 1 },
    ]);
    expect(matrix[0]).toEqual({ initial: 'OUTSTANDING', moderated: 'OUTSTANDING', count: 0 });
  });

  it('gives each auditor their own agreement', () => {
    const byAuditor = agreementByAuditor(pairs.map((pair, i) => ({ ...pair, auditorId: i < 2 ? 'ben' : 'ada' })));
    expect(byAuditor).toEqual([
      { auditorId: 'ada', moderated: 3, unchanged: 1, upgraded: 1, downgraded: 1, agreementRate: 1 / 3 },
      { auditorId: 'ben', moderated: 2, unchanged: 1, upgraded: 0, downgraded: 1, agreementRate: 0.5 },
    ]);
  });
});
