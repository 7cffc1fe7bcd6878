import { Inject, Injectable, type CanActivate, type ExecutionContext, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

/** The answer to one hit, from the hits already in the window (pure: see mutation-rate-limit.test.ts). */
export function decideHit(inWindow: number, oldestAgeMs: number | null, limit: number, windowMs: number): { allowed: true } | { allowed: false; retryAfterMs: number } {
  if (inWindow < limit) return { allowed: true };
  return { allowed: false, retryAfterMs: Math.max(0, windowMs - (oldestAgeMs ?? 0)) };
}

/** Classid of the per-key advisory locks (the two-number form, apart from the service's other locks). */
const RATE_LOCK_CLASS = 7734;

/**
 * A sliding window of hits per key in PostgreSQL, so every API instance counts the same hits. A
 * key's hits are counted and added under a transaction lock of their own: two instances taking a
 * staff member's last free hit at once cannot both have it.
 *
 * Written here rather than taken from @nestjs/throttler: its 6.x build is CommonJS and requires
 * @nestjs/common, which Nest 12 publishes as ESM only, so it cannot load under the test runner.
 */
export class SharedWindowLimiter {
  private calls = 0;

  constructor(
    private readonly db: DataSource,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  async ensureTable(): Promise<void> {
    await this.db
      .query(
        `CREATE TABLE IF NOT EXISTS mutation_rate_hit (key text NOT NULL, at timestamptz NOT NULL);
         CREATE INDEX IF NOT EXISTS mutation_rate_hit_key_at ON mutation_rate_hit (key, at)`,
      )
      .catch((error: { code?: string }) => {
        // Two instances starting at once: the other one made it.
        if (error.code !== '42P07' && error.code !== '23505') throw error;
      });
  }

  /** Counts a hit for `key` if it is within the limit; otherwise says how long until one is. */
  async hit(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }> {
    const window = `${this.windowMs} milliseconds`;
    if (++this.calls % 1000 === 0) await this.db.query(`DELETE FROM mutation_rate_hit WHERE at <= now() - $1::interval`, [window]);
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RATE_LOCK_CLASS, key]);
      const [row]: Array<{ n: number; oldest_ms: string | null }> = await manager.query(
        `SELECT count(*)::int AS n, (extract(epoch FROM now() - min(at)) * 1000)::float8 AS oldest_ms
           FROM mutation_rate_hit WHERE key = $1 AND at > now() - $2::interval`,
        [key, window],
      );
      const outcome = decideHit(row.n, row.oldest_ms === null ? null : Number(row.oldest_ms), this.limit, this.windowMs);
      if (outcome.allowed) {
        await manager.query(`DELETE FROM mutation_rate_hit WHERE key = $1 AND at <= now() - $2::interval`, [key, window]);
        await manager.query(`INSERT INTO mutation_rate_hit (key, at) VALUES ($1, now())`, [key]);
      }
      return outcome;
    });
  }
}

/**
 * Per staff member, over every mutation they send, whichever it is. Registered after AuthGuard, so
 * the caller is known and allowed: refused calls are not counted, and a whole office behind one
 * address is not limited as one person. Queries and plain HTTP routes are not counted.
 */
@Injectable()
export class MutationRateLimitGuard implements CanActivate, OnModuleInit {
  private readonly limiter: SharedWindowLimiter;

  constructor(@Inject(SETTINGS) settings: Settings, db: DataSource) {
    this.limiter = new SharedWindowLimiter(db, settings.limits.mutationsPerWindow, settings.limits.rateWindowSeconds * 1000);
  }

  onModuleInit(): Promise<void> {
    return this.limiter.ensureTable();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    if (gql.getInfo().parentType.name !== 'Mutation') return true;
    const req = gql.getContext().req as { principal?: Principal; ip?: string; res?: { setHeader(name: string, value: string): void } };
    const key = req.principal ? `staff:${req.principal.staffId}` : `ip:${req.ip}`;
    const outcome = await this.limiter.hit(key);
    if (outcome.allowed) return true;
    const retryAfterSeconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    req.res?.setHeader('Retry-After', String(retryAfterSeconds));
    throw new RateLimitedError(this.limiter.limit, this.limiter.windowMs / 1000, retryAfterSeconds);
  }
}
