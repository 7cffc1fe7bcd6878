import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Authenticated, CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { ActionStatusEnum } from '../graphql/enums.js';
import type { ActionStatus } from '../shared/domain-types.js';
import { CommandOnAudit } from './commands/audit-commands.js';
import { AuditQueries } from './audit.queries.js';
import { AcknowledgeActionInput, Action, AgreeActionInput, CompleteActionInput, DropActionInput, ProgressActionInput } from './audit.types.js';

/** SMART actions: agreed on an audit, followed up by their owner or the case's team manager. */
@Resolver(() => Action)
export class ActionsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: AuditQueries,
  ) {}

  @Authenticated()
  @Query(() => [Action], { description: 'Actions the caller owns, every scope, soonest due first.' })
  myActions(
    @CurrentPrincipal() principal: Principal,
    @Args('status', { type: () => ActionStatusEnum, nullable: true }) status?: ActionStatus | null,
  ): Promise<Action[]> {
    return this.queries.actionsOwnedBy(principal.staffId, status);
  }

  @Authenticated()
  @Query(() => [Action], {
    description: "An audit's learning actions, for the audit team, their owners and the practitioner's line; never on the child's record.",
  })
  learningActions(@Args('auditId', { type: () => ID }) auditId: string, @CurrentPrincipal() principal: Principal): Promise<Action[]> {
    return this.queries.learningActions(auditId, principal);
  }

  @Roles('AUDIT_TEAM')
  @Query(() => [Action], { description: "The audit team's actions tracker: owner, due date, status, overdue." })
  actionTracker(
    @Args('cycleId', { type: () => ID, nullable: true }) cycleId?: string | null,
    @Args('ownerId', { type: () => ID, nullable: true }) ownerId?: string | null,
    @Args('status', { type: () => ActionStatusEnum, nullable: true }) status?: ActionStatus | null,
    @Args('overdueOnly', { type: () => Boolean, nullable: true }) overdueOnly?: boolean | null,
  ): Promise<Action[]> {
    return this.queries.actionTracker({ cycleId, ownerId, status, overdueOnly });
  }

  @Roles('AUDITOR', 'AUDIT_MANAGER', 'AUDIT_TEAM')
  @Mutation(() => Action)
  async agreeAction(
    @Args('input') input: AgreeActionInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Action> {
    const id = await this.commands.execute(new CommandOnAudit('agreeAction', input, principal, correlationId));
    return this.queries.actionById(id);
  }

  // Owners are usually the practitioner or team manager, but a service learning action may belong to
  // anyone (a head of service, say); the decider admits only the owner and the case's team manager.
  @Roles('PRACTITIONER')
  @Mutation(() => Action, { description: 'AUD-5: the practitioner of the case acknowledges (or comments on) a case action agreed with them.' })
  async acknowledgeAction(
    @Args('input') input: AcknowledgeActionInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Action> {
    return this.queries.actionById(await this.commands.execute(new CommandOnAudit('acknowledgeAction', input, principal, correlationId)));
  }

  @Authenticated()
  @Mutation(() => Action, { description: "A progress note by the action's owner or the case's team manager." })
  async progressAction(
    @Args('input') input: ProgressActionInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Action> {
    return this.queries.actionById(await this.commands.execute(new CommandOnAudit('progressAction', input, principal, correlationId)));
  }

  @Authenticated()
  @Mutation(() => Action, { description: "Completed by the action's owner or the case's team manager." })
  async completeAction(
    @Args('input') input: CompleteActionInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Action> {
    return this.queries.actionById(await this.commands.execute(new CommandOnAudit('completeAction', input, principal, correlationId)));
  }

  @Roles('TEAM_MANAGER', 'AUDIT_TEAM')
  @Mutation(() => Action, { description: "Dropped by the case's team manager or the audit team, with a reason." })
  async dropAction(
    @Args('input') input: DropActionInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Action> {
    return this.queries.actionById(await this.commands.execute(new CommandOnAudit('dropAction', input, principal, correlationId)));
  }
}
