import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProgressRecordEntity } from '../../projections/progress/progress-record.entity.js';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { CommandOnProgress } from './commands/progress-commands.js';
import { InadequateWorkProgress, RecordInadequateWorkProgressInput } from './progress.types.js';

/** REP-8, REP-9: the EH coordinator lead's weekly progress on Inadequate work, and who reads it. */
@Resolver(() => InadequateWorkProgress)
export class ProgressResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
  ) {}

  @Roles('EH_COORDINATOR_LEAD')
  @Mutation(() => [InadequateWorkProgress], { description: "REP-8: the EH coordinator lead records this week's progress on Inadequate work; answers the audit's records, newest first." })
  async recordInadequateWorkProgress(
    @Args('input') input: RecordInadequateWorkProgressInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<InadequateWorkProgress[]> {
    const auditId = await this.commands.execute(new CommandOnProgress('recordInadequateWorkProgress', input, principal, correlationId));
    return this.records(auditId);
  }

  /** REP-9: reported to the head of service and the audit manager; the divisional director is updated too (000). */
  @Roles('AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'DIVISIONAL_DIRECTOR', 'EH_COORDINATOR_LEAD', 'AUDIT_TEAM')
  @Query(() => [InadequateWorkProgress], { description: 'REP-9: the weekly progress records on a piece of Inadequate work, newest first.' })
  inadequateWorkProgress(@Args('auditId', { type: () => ID }) auditId: string): Promise<InadequateWorkProgress[]> {
    return this.records(auditId);
  }

  private records(auditId: string): Promise<InadequateWorkProgress[]> {
    return this.dataSource.getRepository(ProgressRecordEntity).find({ where: { auditId }, order: { weekOf: 'DESC' } });
  }
}
