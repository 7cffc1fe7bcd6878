import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { CommandOnAudit } from './commands/audit-commands.js';
import {
  DiscussModerationDisputeInput,
  ModerationDispute,
  RaiseModerationDisputeInput,
  ResolveModerationDisputeInput,
} from './audit.types.js';

/**
 * A moderation dispute (000 "Escalation"): raised by the practitioner, team manager or EH coordinator
 * lead, discussed with the moderator, and if unresolved decided by the head of service or audit team.
 */
@Resolver(() => ModerationDispute)
export class DisputesResolver {
  constructor(private readonly commands: CommandBus) {}

  @Roles('PRACTITIONER', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD')
  @Mutation(() => ModerationDispute)
  raiseModerationDispute(
    @Args('input') input: RaiseModerationDisputeInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<ModerationDispute> {
    return this.commands.execute(new CommandOnAudit('raiseModerationDispute', input, principal, correlationId));
  }

  @Roles('MODERATOR')
  @Mutation(() => ModerationDispute)
  discussModerationDispute(
    @Args('input') input: DiscussModerationDisputeInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<ModerationDispute> {
    return this.commands.execute(new CommandOnAudit('discussModerationDispute', input, principal, correlationId));
  }

  @Roles('HEAD_OF_SERVICE', 'AUDIT_TEAM')
  @Mutation(() => ModerationDispute, { description: 'The final decision on an unresolved dispute: a grade change of source DISPUTE.' })
  resolveModerationDispute(
    @Args('input') input: ResolveModerationDisputeInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<ModerationDispute> {
    return this.commands.execute(new CommandOnAudit('resolveModerationDispute', input, principal, correlationId));
  }
}
