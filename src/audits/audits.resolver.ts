import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Authenticated, CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { AllocateAuditCommand } from './commands/allocate-audit.js';
import { SetGradeCommand } from './commands/set-grade.js';
import { AuditQueries } from './audit.queries.js';
import { Action, AllocateAuditInput, Audit, GradeChange, SetGradeInput } from './audit.types.js';

@Resolver(() => Audit)
export class AuditsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: AuditQueries,
  ) {}

  @Authenticated()
  @Query(() => Audit, { nullable: true, description: 'One audit, if the caller may read it.' })
  audit(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal): Promise<Audit | null> {
    return this.queries.byId(id, principal);
  }

  @ResolveField(() => [GradeChange], { description: 'Every grade ever given on this audit, oldest first.' })
  gradeHistory(@Parent() audit: Audit): Promise<GradeChange[]> {
    return this.queries.gradeHistory(audit.id);
  }

  @ResolveField(() => [Action])
  actions(@Parent() audit: Audit): Promise<Action[]> {
    return this.queries.actions(audit.id);
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Audit)
  async allocateAudit(
    @Args('input') input: AllocateAuditInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    const id = await this.commands.execute(new AllocateAuditCommand(input, principal, correlationId));
    return (await this.queries.byId(id, principal))!;
  }

  @Roles('AUDITOR')
  @Mutation(() => Audit)
  async setGrade(
    @Args('input') input: SetGradeInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    await this.commands.execute(new SetGradeCommand(input, principal, correlationId));
    return (await this.queries.byId(input.auditId, principal))!;
  }
}
