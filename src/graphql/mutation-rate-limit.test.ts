import { describe, expect, it } from '@jest/globals';
import { decideHit } from './mutation-rate-limit.js';

describe('the mutation rate limit: one hit against the hits in the window', () => {
  it('given fewer hits than the limit, when one more comes, then it is allowed', () => {
    expect(decideHit(0, null, 3, 60_000)).toEqual({ allowed: true });
    expect(decideHit(2, 10_000, 3, 60_000)).toEqual({ allowed: true });
  });

  it('given the limit reached, when one more comes, then it waits until the oldest hit leaves the window', () => {
    expect(decideHit(3, 10_000, 3, 60_000)).toEqual({ allowed: false, retryAfterMs: 50_000 });
    expect(decideHit(5, 60_000, 3, 60_000)).toEqual({ allowed: false, retryAfterMs: 0 });
  });
});
