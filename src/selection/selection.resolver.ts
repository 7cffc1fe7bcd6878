import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { AuditQueries } from '../audits/audit.queries.js';
import { Audit } from '../audits/audit.types.js';
import { CommandOnSelection } from './commands/selection-commands.js';
import { SelectionQueries } from './selection.queries.js';
import { AllocateReauditInput, ProposeSampleInput, ReauditProposal, SampleProposal } from './selection.types.js';

/**
 * Case selection for a cycle (000 "Key Lines of Enquiry and selection of cases", "6-month re-audit of
 * 10% of work"): the audit team proposes; case-level lists are for the audit team and those who
 * oversee it, never a board reader.
 */
@Resolver()
export class SelectionResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: SelectionQueries,
    private readonly audits: AuditQueries,
  ) {}

  @Roles('AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE')
  @Query(() => [SampleProposal], { description: "The cycle's sample proposals, newest (the one in force) first." })
  sampleProposals(@Args('cycleId', { type: () => ID }) cycleId: string): Promise<SampleProposal[]> {
    return this.queries.sampleProposals(cycleId);
  }

  @Roles('AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE')
  @Query(() => [ReauditProposal], { description: "The cycle's re-audit proposals, newest (the one in force) first." })
  reauditProposals(@Args('cycleId', { type: () => ID }) cycleId: string): Promise<ReauditProposal[]> {
    return this.queries.reauditProposals(cycleId);
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => SampleProposal, {
    description: 'Draws a random sample within each team and the service from the open cases given, leaving out cases audited in the last 12 months.',
  })
  async proposeSample(
    @Args('input') input: ProposeSampleInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<SampleProposal> {
    const id = await this.commands.execute(new CommandOnSelection('proposeSample', input, principal, correlationId));
    return (await this.queries.sampleProposals(input.cycleId, id))[0];
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => ReauditProposal, {
    description: "Proposes at least 10% (rounded up, or `count`) of the previous cycle's moderated work below Good for re-audit in this cycle.",
  })
  async proposeReauditCandidates(
    @Args('cycleId', { type: () => ID }) cycleId: string,
    @Args('count', { type: () => Int, nullable: true }) count: number | null,
    @Args('seed', { type: () => String, nullable: true }) seed: string | null,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<ReauditProposal> {
    const id = await this.commands.execute(new CommandOnSelection('proposeReauditCandidates', { cycleId, count, seed }, principal, correlationId));
    return (await this.queries.reauditProposals(cycleId, id))[0];
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Audit, { description: 'Allocates the re-audit of a proposed candidate: a new audit of the same case, linked to the original.' })
  async allocateReaudit(
    @Args('input') input: AllocateReauditInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Audit> {
    const id = await this.commands.execute(new CommandOnSelection('allocateReaudit', input, principal, correlationId));
    return (await this.audits.byId(id, principal))!;
  }
}
