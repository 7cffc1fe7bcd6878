import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { TrailService } from './trail.service.js';
import { TrailVerification } from './trail.types.js';

@Resolver(() => TrailVerification)
export class TrailResolver {
  constructor(private readonly trail: TrailService) {}

  @Roles('GOVERNANCE', 'AUDIT_TEAM')
  @Query(() => TrailVerification, { description: "Recomputes the audit's hash chain from the event store and checks it against the trail witness." })
  async verifyAuditTrail(@Args('auditId', { type: () => ID }) auditId: string): Promise<TrailVerification> {
    const { streamId, check } = await this.trail.auditTrail(auditId);
    return {
      streamId,
      events: check.events,
      valid: check.valid,
      firstInvalidRevision: check.firstInvalidRevision,
      witnessedEvents: check.witnessed,
      problem: check.problem,
    };
  }

  /**
   * A mutation, not a query: each call is a new signed statement (by whom, when) rather than a
   * read that could be cached or repeated. It appends nothing.
   */
  @Roles('GOVERNANCE')
  @Mutation(() => String, {
    description: "The audit's trail as a signed JSON bundle (Ed25519; check offline with `npm run verify-trail -- <file>`).",
  })
  async exportAuditTrail(@Args('auditId', { type: () => ID }) auditId: string, @CurrentPrincipal() principal: Principal): Promise<string> {
    return JSON.stringify(await this.trail.exportBundle(auditId, principal), null, 2);
  }
}
