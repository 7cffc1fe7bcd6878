import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import type { Principal } from '../auth/principal.js';

export const RATE_LIMITED = 'RATE_LIMITED';

/**
 * Too many changes from one staff member in the window. A code of its own (not FORBIDDEN: the caller
 * may do this, just not so often), with how long to wait.
 */
export class RateLimitedError extends GraphQLError {
  constructor(limit: number, windowSeconds: number, retryAfterSeconds: number) {
    super(`rate limit: at most ${limit} changes per ${windowSeconds} seconds for each staff member; try again in ${retryAfterSeconds} seconds`, {
      extensions: { code: RATE_LIMITED, retryAfterSeconds },
    });
  }
}

/**
 * A sliding window of hits per key, in this process's memory (one service process per store;
 * several behind a balancer would each count their own share).
 *
 * Written here rather than taken from @nestjs/throttler: its 6.x build is CommonJS and requires
 * @nestjs/common, which Nest 12 publishes as ESM only, so it cannot load under the test runner.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private calls = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a hit for `key` if it is within the limit; otherwise says how long until one is. */
  hit(key: string): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const now = this.now();
    if (++this.calls % 1000 === 0) this.sweep(now);
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterMs: recent[0] + this.windowMs - now };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  private sweep(now: number): void {
    for (const [key, times] of this.hits) if (times.every((at) => at <= now - this.windowMs)) this.hits.delete(key);
  }
}

/**
 * Per staff member, over every mutation they send, whichever it is. Registered after AuthGuard, so
 * the caller is known and allowed: refused calls are not counted, and a whole office behind one
 * address is not limited as one person. Queries and plain HTTP routes are not counted.
 */
@Injectable()
export class MutationRateLimitGuard implements CanActivate {
  private readonly limiter: SlidingWindowLimiter;

  constructor(@Inject(SETTINGS) settings: Settings) {
    this.limiter = new SlidingWindowLimiter(settings.limits.mutationsPerWindow, settings.limits.rateWindowSeconds * 1000);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    if (gql.getInfo().parentType.name !== 'Mutation') return true;
    const req = gql.getContext().req as { principal?: Principal; ip?: string; res?: { setHeader(name: string, value: string): void } };
    const key = req.principal ? `staff:${req.principal.staffId}` : `ip:${req.ip}`;
    const outcome = this.limiter.hit(key);
    if (outcome.allowed) return true;
    const retryAfterSeconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    req.res?.setHeader('Retry-After', String(retryAfterSeconds));
    throw new RateLimitedError(this.limiter.limit, this.limiter.windowMs / 1000, retryAfterSeconds);
  }
}
