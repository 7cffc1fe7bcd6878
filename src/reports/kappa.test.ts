import { describe, expect, it } from '@jest/globals';
import type { Grade } from '../shared/domain-types.js';
import { quadraticWeightedKappa } from './kappa.js';

const O: Grade = 'OUTSTANDING';
const G: Grade = 'GOOD';
const RI: Grade = 'REQUIRES_IMPROVEMENT';
const I: Grade = 'INADEQUATE';

describe('quadratic weighted kappa between auditor and moderator grades', () => {
  it('is 1 when every grade is agreed, across different grades', () => {
    expect(quadraticWeightedKappa([[O, O], [G, G], [RI, RI], [I, I]])).toBe(1);
  });

  it('matches a hand-worked example: 3/7', () => {
    // Grades indexed O=0, G=1, RI=2, I=3; w = (i−j)²/9.
    // Pairs (auditor, moderator): (G,G) (G,RI) (RI,RI) (I,RI); n = 4.
    // Observed: two one-step disagreements → Σw·p = (1/9 + 1/9)/4 = 1/18.
    // Auditor marginals: G .5, RI .25, I .25. Moderator marginals: G .25, RI .75.
    // Expected Σw·p·q = [.5·.75·1 + .25·.25·1 + .25·.25·4 + .25·.75·1]/9 = .875/9.
    // κ = 1 − (1/18)/(.875/9) = 1 − .5/.875 = 3/7.
    expect(quadraticWeightedKappa([[G, G], [G, RI], [RI, RI], [I, RI]])).toBeCloseTo(3 / 7, 12);
  });

  it('matches a second hand-worked example with a two-step disagreement: 0.68', () => {
    // Pairs: (O,O) (O,RI) (RI,RI) (I,I); n = 4. Observed: one two-step disagreement, w = 4/9 → Σw·p = 1/9.
    // Auditor: O .5, RI .25, I .25. Moderator: O .25, RI .5, I .25.
    // Expected ×9: O→RI .5·.5·4 = 1, O→I .5·.25·9 = 1.125, RI→O .25·.25·4 = .25, RI→I .25·.25·1 = .0625,
    //              I→O .25·.25·9 = .5625, I→RI .25·.5·1 = .125; total 3.125 → Σ = 3.125/9.
    // κ = 1 − (1/9)/(3.125/9) = 1 − .32 = .68.
    expect(quadraticWeightedKappa([[O, O], [O, RI], [RI, RI], [I, I]])).toBeCloseTo(0.68, 12);
  });

  it('is −1 when the two always grade the opposite ends', () => {
    // Observed: w = 1 for both → 1. Marginals .5/.5 at O and I on both sides: expected = .25 + .25 = .5.
    expect(quadraticWeightedKappa([[O, I], [I, O]])).toBeCloseTo(-1, 12);
  });

  it('is the same whichever rater comes first', () => {
    const pairs: Array<[Grade, Grade]> = [[G, RI], [RI, RI], [I, RI], [G, G], [O, G]];
    const swapped = pairs.map(([a, b]) => [b, a] as [Grade, Grade]);
    expect(quadraticWeightedKappa(swapped)).toBeCloseTo(quadraticWeightedKappa(pairs)!, 12);
  });

  it('is null with nothing to compare, or when both raters give one grade throughout', () => {
    expect(quadraticWeightedKappa([])).toBeNull();
    expect(quadraticWeightedKappa([[G, G], [G, G]])).toBeNull();
  });
});
