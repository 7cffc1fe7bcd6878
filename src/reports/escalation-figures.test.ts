import { describe, expect, it } from '@jest/globals';
import { escalationFigures } from './escalation-figures.js';

describe('4-month escalation figures (REP-7)', () => {
  it('counts the work below Good by where it stands: not yet due, improved, due, escalated', () => {
    expect(escalationFigures(['NOT_YET_DUE', 'DUE', 'ESCALATED', 'ESCALATED', 'IMPROVED', 'DUE', 'DUE'])).toEqual({
      belowGood: 7,
      notYetDue: 1,
      improved: 1,
      due: 3,
      escalated: 2,
    });
  });

  it('is all zeros for a cycle with no work below Good', () => {
    expect(escalationFigures([])).toEqual({ belowGood: 0, notYetDue: 0, improved: 0, due: 0, escalated: 0 });
  });
});
