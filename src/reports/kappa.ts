import { GRADES, type Grade } from '../shared/domain-types.js';

/**
 * Cohen's kappa with quadratic weights between two raters' grades on the same audits (here the
 * auditor's and the moderator's overall grades). Grades are ordered, so a disagreement of two steps
 * counts four times one of one step: w(i, j) = (i − j)² / (k − 1)² over the k = 4 grades, and
 *
 *   κw = 1 − Σ w·observed / Σ w·expected,
 *
 * with expected from the two raters' own grade distributions, as if they graded independently.
 * 1 is perfect agreement, 0 no better than chance, below 0 worse than chance.
 *
 * null when it is not defined: no pairs, or every grade on both sides the same (nothing to expect a
 * disagreement on, Σ w·expected = 0).
 */
export function quadraticWeightedKappa(pairs: ReadonlyArray<readonly [Grade, Grade]>): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const k = GRADES.length;
  const index = (grade: Grade) => GRADES.indexOf(grade);
  const weight = (i: number, j: number) => (i - j) ** 2 / (k - 1) ** 2;

  const first = new Array<number>(k).fill(0);
  const second = new Array<number>(k).fill(0);
  let observed = 0;
  for (const [a, b] of pairs) {
    const i = index(a);
    const j = index(b);
    if (i < 0 || j < 0) throw new Error(`not a grade: ${a}, ${b}`);
    first[i] += 1;
    second[j] += 1;
    observed += weight(i, j);
  }
  let expected = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expected += weight(i, j) * first[i] * second[j];
  // Both sums over counts: observed / n and expected / n² are the proportions.
  if (expected === 0) return null;
  return 1 - (observed / n) / (expected / (n * n));
}
