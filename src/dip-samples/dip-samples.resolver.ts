import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { CommandOnDipSample } from './commands/dip-sample-commands.js';
import { DipSampleQueries } from './dip-samples.queries.js';
import { DipSample, RecordDipSampleInput, ReportDipSampleFindingsInput, SignOffDipSampleInput } from './dip-sample.types.js';

/**
 * 000 "Completion of dip samples": recorded by the audit team (or another auditor), findings reported
 * by the quality assurance lead to the head of service, who signs them off. Who may act on which dip
 * sample is the decider's.
 */
@Resolver(() => DipSample)
export class DipSamplesResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: DipSampleQueries,
  ) {}

  @Roles('AUDIT_TEAM', 'AUDITOR', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE')
  @Query(() => [DipSample], { description: 'Dip samples the caller may read, newest first.' })
  dipSamples(@Args('cycleId', { type: () => ID, nullable: true }) cycleId: string | null, @CurrentPrincipal() principal: Principal): Promise<DipSample[]> {
    return this.queries.list(cycleId, principal);
  }

  @Roles('AUDIT_TEAM', 'AUDITOR', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE')
  @Query(() => DipSample, { nullable: true })
  dipSample(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal): Promise<DipSample | null> {
    return this.queries.byId(id, principal);
  }

  @Roles('AUDIT_TEAM', 'AUDITOR')
  @Mutation(() => DipSample, { description: 'Records the case records checked on a theme, with the answers for each.' })
  async recordDipSample(
    @Args('input') input: RecordDipSampleInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<DipSample> {
    const id = await this.commands.execute(new CommandOnDipSample('recordDipSample', input, principal, correlationId));
    return (await this.queries.byId(id, principal))!;
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => DipSample, { description: 'The key findings, sent to a head of service for sign-off; reported again before sign-off, they replace the earlier ones.' })
  async reportDipSampleFindings(
    @Args('input') input: ReportDipSampleFindingsInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<DipSample> {
    await this.commands.execute(new CommandOnDipSample('reportDipSampleFindings', input, principal, correlationId));
    return (await this.queries.byId(input.dipSampleId, principal))!;
  }

  @Roles('HEAD_OF_SERVICE')
  @Mutation(() => DipSample)
  async signOffDipSample(
    @Args('input') input: SignOffDipSampleInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<DipSample> {
    await this.commands.execute(new CommandOnDipSample('signOffDipSample', input, principal, correlationId));
    return (await this.queries.byId(input.dipSampleId, principal))!;
  }
}
