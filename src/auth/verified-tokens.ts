import type { JWTPayload } from 'jose';

/**
 * Tokens whose signature, issuer, audience and expiry were checked, kept for a short while: a page or
 * a client sends the same token with every request, and checking its signature again each time was the
 * largest part of a small request's cost (see the per-request figures in README "Performance").
 * An entry lasts until the token expires or MAX_AGE_MS has passed, whichever is first, so a key taken
 * out of the identity provider's set stops being honoured within that time. Only what was verified
 * is kept: a token that failed is checked afresh each time. Who the token names is looked up on every
 * request, never kept here (a leaver is refused at once, PPL-8).
 */
const MAX_AGE_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

export class VerifiedTokens {
  private readonly entries = new Map<string, { payload: JWTPayload; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The payload of `token` if it was verified and is still good, else the result of `verify`, kept. */
  async get(token: string, verify: (token: string) => Promise<JWTPayload>, toleranceSeconds = 0): Promise<JWTPayload> {
    const now = this.now();
    const kept = this.entries.get(token);
    if (kept && kept.until > now) return kept.payload;
    if (kept) this.entries.delete(token);
    const payload = await verify(token);
    const expires = typeof payload.exp === 'number' ? (payload.exp + toleranceSeconds) * 1000 : now;
    const until = Math.min(expires, now + MAX_AGE_MS);
    if (until > now) {
      // Oldest first out: a Map keeps insertion order.
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(token, { payload, until });
    }
    return payload;
  }
}
