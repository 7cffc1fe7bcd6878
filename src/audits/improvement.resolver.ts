import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { CommandOnAudit } from './commands/audit-commands.js';
import { ImprovementQueries } from './improvement.queries.js';
import { EscalateToDivisionalDirectorInput, ImprovementEscalation, ImprovementStatusEnum, type ImprovementStatus } from './improvement.types.js';

/**
 * 000 "6-month re-audit of 10% of work": "If any work has not improved by 4 months, the work will be
 * escalated by the audit team to the Divisional Director and reported to the CSCIB". Case-level: the
 * audit team and the people who oversee it, never a board reader.
 */
@Resolver(() => ImprovementEscalation)
export class ImprovementResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ImprovementQueries,
  ) {}

  // PPL-1: the divisional director receives the 4-month escalations (000).
  @Roles('AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE', 'DIVISIONAL_DIRECTOR')
  @Query(() => [ImprovementEscalation], {
    description: 'Work moderated below Good and its 4-month date: due for escalation, escalated, improved or not yet due; soonest first.',
  })
  improvementEscalations(
    @Args('cycleId', { type: () => ID, nullable: true }) cycleId?: string | null,
    @Args('status', { type: () => ImprovementStatusEnum, nullable: true }) status?: ImprovementStatus | null,
  ): Promise<ImprovementEscalation[]> {
    return this.queries.list({ cycleId, status });
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => ImprovementEscalation, { description: 'Escalates work not improved 4 months after moderation to the divisional director.' })
  async escalateToDivisionalDirector(
    @Args('input') input: EscalateToDivisionalDirectorInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<ImprovementEscalation> {
    await this.commands.execute(new CommandOnAudit('escalateToDivisionalDirector', input, principal, correlationId));
    return (await this.queries.list({ auditId: input.auditId }))[0];
  }
}
