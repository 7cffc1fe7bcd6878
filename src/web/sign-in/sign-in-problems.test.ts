import { describe, expect, it } from '@jest/globals';
import { problemFromRefusals, SIGN_IN_PROBLEMS, stateMatches } from './sign-in-problems.js';

describe('what a failed council account sign-in tells the person', () => {
  it('the state must be the very one the session holds', () => {
    expect(stateMatches('abc123', 'abc123')).toBe(true);
    expect(stateMatches('abc123', 'abc124')).toBe(false);
    expect(stateMatches('abc123', 'abc1234')).toBe(false);
    expect(stateMatches('abc123', '')).toBe(false);
    expect(stateMatches('abc123', null)).toBe(false);
  });

  it("reads the API's refusals of the provider's tokens: nobody registered, no role here, or not accepted at all", () => {
    const unknown = { message: "the token's sub claim does not name a registered staff member", extensions: { code: 'UNAUTHENTICATED' } };
    const invalid = { message: 'the token is invalid or has expired', extensions: { code: 'UNAUTHENTICATED' } };
    const noRole = { message: "the token's roles claim carries no role of this service", extensions: { code: 'FORBIDDEN' } };
    expect(problemFromRefusals([invalid, unknown])).toBe('unknown-person');
    expect(problemFromRefusals([noRole, invalid])).toBe('no-role');
    expect(problemFromRefusals([invalid, invalid])).toBe('not-accepted');
    expect(problemFromRefusals([])).toBe('not-accepted');
  });

  it('never answers 500, and never shows a code', () => {
    for (const page of Object.values(SIGN_IN_PROBLEMS)) {
      expect(page.status).not.toBe(500);
      expect(page.paragraphs.join(' ')).not.toMatch(/[a-z]+_[a-z]+|[A-Z]{4,}_/);
    }
  });
});
