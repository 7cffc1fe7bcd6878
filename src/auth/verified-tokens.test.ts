import { describe, expect, it } from '@jest/globals';
import { VerifiedTokens } from './verified-tokens.js';

describe('VerifiedTokens', () => {
  const at = { now: 1_800_000_000_000 };
  const clock = () => at.now;
  const verifier = (exp: number | undefined) => {
    const calls: string[] = [];
    return { calls, verify: async (token: string) => (calls.push(token), { sub: token, exp }) };
  };

  it('checks a token once, then answers from what it kept, until five minutes have passed', async () => {
    const tokens = new VerifiedTokens(clock);
    const v = verifier(at.now / 1000 + 3600);
    await tokens.get('t1', v.verify);
    expect(await tokens.get('t1', v.verify)).toEqual({ sub: 't1', exp: at.now / 1000 + 3600 });
    expect(v.calls).toEqual(['t1']);
    at.now += 5 * 60_000;
    await tokens.get('t1', v.verify);
    expect(v.calls).toEqual(['t1', 't1']);
  });

  it('never past the expiry (with the tolerance), and keeps nothing without one', async () => {
    const tokens = new VerifiedTokens(clock);
    const soon = verifier(at.now / 1000 + 10);
    await tokens.get('short', soon.verify, 5);
    at.now += 14_000;
    await tokens.get('short', soon.verify, 5);
    at.now += 2_000;
    await tokens.get('short', soon.verify, 5);
    expect(soon.calls).toEqual(['short', 'short']);
    const none = verifier(undefined);
    await tokens.get('no-exp', none.verify);
    await tokens.get('no-exp', none.verify);
    expect(none.calls).toEqual(['no-exp', 'no-exp']);
  });

  it('keeps nothing of a token that failed', async () => {
    const tokens = new VerifiedTokens(clock);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('invalid');
    };
    await expect(tokens.get('bad', failing)).rejects.toThrow('invalid');
    await expect(tokens.get('bad', failing)).rejects.toThrow('invalid');
    expect(calls).toBe(2);
  });
});
