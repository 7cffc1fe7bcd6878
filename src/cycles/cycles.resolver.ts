import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CycleEntity } from '../../projections/cycles/cycle.entity.js';
import { Authenticated, CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { Audit } from '../audits/audit.types.js';
import { AuditQueries } from '../audits/audit.queries.js';
import { CommandOnCycle } from './commands/cycle-commands.js';
import { AgreeKloesInput, AppointModerationGroupInput, DrawModerationSampleInput, RecordKloeMeetingInput, RecordPracticeDayInput } from './commands/cycle-inputs.js';
import { AuditCycle, ModerationSample, PracticeDay, ScheduleCycleInput } from './cycle.types.js';
import { programmeMilestones } from './programme.js';
import { notFound } from '../shared/errors.js';
import { approvalsMissing } from '../shared/facts.js';
import type { KloeApprover } from './events.js';
import type { Role } from '../shared/domain-types.js';

@Resolver(() => AuditCycle)
export class CyclesResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
    private readonly auditQueries: AuditQueries,
  ) {}

  @Authenticated()
  @Query(() => [AuditCycle], { description: 'Cycles the caller may see, newest month first.' })
  cycles(): Promise<AuditCycle[]> {
    return this.dataSource.getRepository(CycleEntity).find({ order: { month: 'DESC', name: 'ASC' } }).then((rows) => rows.map(toCycle));
  }

  @Authenticated()
  @Query(() => AuditCycle, { nullable: true })
  async cycle(@Args('id', { type: () => ID }) id: string): Promise<AuditCycle | null> {
    const row = await this.dataSource.getRepository(CycleEntity).findOneBy({ id });
    return row ? toCycle(row) : null;
  }

  /** Only the audits the caller may read: a board reader sees none (aggregates only). */
  @ResolveField(() => [Audit])
  audits(@Parent() cycle: AuditCycle, @CurrentPrincipal() principal: Principal): Promise<Audit[]> {
    return this.auditQueries.visibleInCycle(cycle.id, principal);
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => AuditCycle)
  async scheduleCycle(
    @Args('input') input: ScheduleCycleInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<AuditCycle> {
    const id = await this.commands.execute(new CommandOnCycle('scheduleCycle', input, principal, correlationId));
    return toCycle(await this.dataSource.getRepository(CycleEntity).findOneByOrFail({ id }));
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => AuditCycle, { description: "Records the cycle's agreed key lines of enquiry, replacing the earlier list." })
  async agreeKloes(
    @Args('input') input: AgreeKloesInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<AuditCycle> {
    const id = await this.commands.execute(new CommandOnCycle('agreeKloes', input, principal, correlationId));
    return toCycle(await this.dataSource.getRepository(CycleEntity).findOneByOrFail({ id }));
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => AuditCycle, { description: 'BEF-1: records the KLOE meeting held before the audit month, and who attended.' })
  async recordKloeMeeting(
    @Args('input') input: RecordKloeMeetingInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<AuditCycle> {
    const id = await this.commands.execute(new CommandOnCycle('recordKloeMeeting', input, principal, correlationId));
    return toCycle(await this.dataSource.getRepository(CycleEntity).findOneByOrFail({ id }));
  }

  @Roles('HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR')
  @Mutation(() => AuditCycle, { description: "BEF-3: approves the cycle's KLOEs in each of those posts the caller holds." })
  async approveKloes(
    @Args('cycleId', { type: () => ID }) cycleId: string,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<AuditCycle> {
    const id = await this.commands.execute(new CommandOnCycle('approveKloes', cycleId, principal, correlationId));
    return toCycle(await this.dataSource.getRepository(CycleEntity).findOneByOrFail({ id }));
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => AuditCycle, { description: "BEF-14: records month 4's Practice Day, the leaders' observations and the families' feedback." })
  async recordPracticeDay(
    @Args('input') input: RecordPracticeDayInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<AuditCycle> {
    const id = await this.commands.execute(new CommandOnCycle('recordPracticeDay', input, principal, correlationId));
    return toCycle(await this.dataSource.getRepository(CycleEntity).findOneByOrFail({ id }));
  }

  /** The families' words stay with those who run and oversee the programme; board readers get the milestones only. */
  @Roles('AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR', 'GOVERNANCE')
  @Query(() => PracticeDay, { nullable: true, description: "BEF-14: the cycle's Practice Day, once recorded." })
  async practiceDay(@Args('cycleId', { type: () => ID }) cycleId: string): Promise<PracticeDay | null> {
    const row = await this.dataSource.getRepository(CycleEntity).findOneBy({ id: cycleId });
    if (!row) throw notFound('cycle', cycleId);
    return row.practiceDay;
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => ModerationSample, {
    description:
      "AUD-10: draws the moderation sample (the template's share, 10% for social care v3, rounded up) at random from the cycle's audits received and not in an earlier sample; those drawn are moderated, the others complete without moderation. The seed is recorded.",
  })
  async drawModerationSample(
    @Args('input') input: DrawModerationSampleInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<ModerationSample> {
    const sample = await this.commands.execute(new CommandOnCycle('drawModerationSample', input, principal, correlationId));
    const row = await this.dataSource.getRepository(CycleEntity).findOneByOrFail({ id: input.cycleId });
    return row.moderationSamples.find((s) => s.sampleId === sample.sampleId)!;
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => AuditCycle, {
    description:
      "AUD-13 (001): moderates the cycle by group: any of these members (the divisional director, heads of service, group managers, QA officers) may moderate its audits, beside each audit's allocated moderator. Replaces an earlier group.",
  })
  async appointModerationGroup(
    @Args('input') input: AppointModerationGroupInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<AuditCycle> {
    const id = await this.commands.execute(new CommandOnCycle('appointModerationGroup', input, principal, correlationId));
    return toCycle(await this.dataSource.getRepository(CycleEntity).findOneByOrFail({ id }));
  }

  @Roles('AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE')
  @Query(() => [ModerationSample], { description: "AUD-10: the cycle's moderation samples, oldest first." })
  async moderationSamples(@Args('cycleId', { type: () => ID }) cycleId: string): Promise<ModerationSample[]> {
    const row = await this.dataSource.getRepository(CycleEntity).findOneBy({ id: cycleId });
    if (!row) throw notFound('cycle', cycleId);
    return row.moderationSamples;
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => AuditCycle, { description: 'Closes a cycle once every audit in it is moderated or invalidated.' })
  async closeCycle(
    @Args('cycleId', { type: () => ID }) cycleId: string,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<AuditCycle> {
    const id = await this.commands.execute(new CommandOnCycle('closeCycle', cycleId, principal, correlationId));
    return toCycle(await this.dataSource.getRepository(CycleEntity).findOneByOrFail({ id }));
  }
}

function toCycle(row: CycleEntity): AuditCycle {
  return {
    id: row.id,
    name: row.name,
    service: row.service,
    month: row.month,
    kloes: row.kloes,
    moderationDue: row.moderationDue,
    status: row.status,
    kloeMeeting: row.kloeMeeting,
    kloeApprovals: row.kloeApprovals.map((a) => ({ ...a, role: a.role as Role })),
    programme: { ...programmeMilestones(row.month), practiceDayHeldOn: row.practiceDay?.heldOn ?? null },
    moderationGroupIds: row.moderationGroupIds ?? [],
    kloesApproved: approvalsMissing({ kloeApprovals: row.kloeApprovals.map((a) => ({ role: a.role as KloeApprover })) }).length === 0,
  };
}
